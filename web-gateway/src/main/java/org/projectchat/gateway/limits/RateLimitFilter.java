package org.projectchat.gateway.limits;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.projectchat.baseline.web.ProblemResponses;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.time.Duration;

/**
 * Limits the API requests each user makes through the gateway (by the subject of their verified token; by address
 * without one). Over the limit: 429 problem+json with {@code Retry-After}, and the request goes no further. The page
 * and its scripts are not counted.
 */
public class RateLimitFilter extends OncePerRequestFilter {

    private final RequestBuckets buckets;

    public RateLimitFilter(RequestBuckets buckets) {
        this.buckets = buckets;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().startsWith("/api/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Duration wait = buckets.take(caller(request));
        if (wait.isZero()) {
            chain.doFilter(request, response);
            return;
        }
        response.setHeader("Retry-After", Long.toString(Math.max(1, (wait.toMillis() + 999) / 1000)));
        ProblemResponses.write(response, HttpStatus.TOO_MANY_REQUESTS, "rate-limited", "Too many requests",
                "You sent more requests than the gateway lets one user send; try again in a moment.", request.getRequestURI());
    }

    private static String caller(HttpServletRequest request) {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication instanceof JwtAuthenticationToken jwt) {
            return "user:" + jwt.getToken().getSubject();
        }
        return "address:" + request.getRemoteAddr();
    }
}
