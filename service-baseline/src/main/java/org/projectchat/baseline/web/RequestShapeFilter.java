package org.projectchat.baseline.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;

/**
 * Refuses, before anything reads them, requests whose headers or parameters cannot be read: a {@code Content-Type}
 * that does not parse or is a wildcard ({@code *}{@code /*}, {@code application/*}: not a type a body can have) is 415;
 * an {@code Accept} that does not parse, or parameters that are not valid percent-encoded UTF-8, are 400. Without this
 * each surfaced deep in Spring or the container as an unexpected exception, a 500.
 */
public class RequestShapeFilter extends OncePerRequestFilter {

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String contentType = request.getContentType();
        if (contentType != null) {
            try {
                MediaType type = MediaType.parseMediaType(contentType);
                if (type.isWildcardType() || type.isWildcardSubtype()) {
                    refuse(response, request, HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type",
                            "A request body has a concrete type, not " + type + ".");
                    return;
                }
            } catch (InvalidMediaTypeException e) {
                refuse(response, request, HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type",
                        "The Content-Type header cannot be read.");
                return;
            }
        }
        String accept = request.getHeader("Accept");
        if (accept != null) {
            try {
                MediaType.parseMediaTypes(accept);
            } catch (InvalidMediaTypeException e) {
                refuse(response, request, HttpStatus.BAD_REQUEST, "invalid-accept", "The Accept header cannot be read.");
                return;
            }
        }
        try {
            request.getParameterMap(); // the container decodes them now, or says they cannot be decoded
        } catch (RuntimeException undecodable) {
            refuse(response, request, HttpStatus.BAD_REQUEST, "invalid-parameter",
                    "A query parameter is not valid percent-encoded UTF-8.");
            return;
        }
        chain.doFilter(request, response);
    }

    private static void refuse(HttpServletResponse response, HttpServletRequest request, HttpStatus status, String type,
                               String detail) throws IOException {
        ProblemResponses.write(response, status, type, status.getReasonPhrase(), detail, request.getRequestURI());
    }
}
