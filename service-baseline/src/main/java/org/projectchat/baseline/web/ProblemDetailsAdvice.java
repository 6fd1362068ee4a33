package org.projectchat.baseline.web;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Every error a service answers is RFC 9457 problem+json: validation errors list the fields,
 * unreadable bodies say which field is wrong, and nothing unexpected leaks a stack trace.
 */
@RestControllerAdvice
public class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemDetailsAdvice.class);

    @ExceptionHandler(ApiProblem.class)
    ResponseEntity<Object> apiProblem(ApiProblem e, WebRequest request) {
        ProblemDetail problem = ProblemResponses.problem(e.status(), e.type(), e.title(), e.getMessage());
        e.properties().forEach(problem::setProperty);
        return respond(problem);
    }

    /** The firewall refuses a parameter's value when the value is read: a 400 like its other refusals. */
    @ExceptionHandler(RequestRejectedException.class)
    ResponseEntity<Object> rejected(RequestRejectedException e) {
        return respond(ProblemResponses.problem(HttpStatus.BAD_REQUEST, "request-rejected", "Bad request",
                "The request has characters or a shape this service does not accept."));
    }

    @ExceptionHandler(MultipartException.class)
    ResponseEntity<Object> multipart(MultipartException e) {
        return respond(ProblemResponses.problem(HttpStatus.BAD_REQUEST, "unreadable-multipart", "Bad request",
                "The multipart body cannot be read."));
    }

    /**
     * No representation the client accepts: the problem still goes out as problem+json, written directly, since content
     * negotiation would find no way to write it and send an empty 406.
     */
    @Override
    protected ResponseEntity<Object> handleHttpMediaTypeNotAcceptable(HttpMediaTypeNotAcceptableException e, HttpHeaders headers,
                                                                      HttpStatusCode status, WebRequest request) {
        if (request instanceof ServletWebRequest servlet && servlet.getResponse() != null) {
            try {
                ProblemResponses.write(servlet.getResponse(), HttpStatus.NOT_ACCEPTABLE, "not-acceptable", "Not acceptable",
                        "This resource is available as " + e.getSupportedMediaTypes() + ".", servlet.getRequest().getRequestURI());
                return null;
            } catch (java.io.IOException ignored) {
                // the client went away
            }
        }
        return super.handleHttpMediaTypeNotAcceptable(e, headers, status, request);
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<Object> typeMismatch(MethodArgumentTypeMismatchException e) {
        return respond(ProblemResponses.problem(HttpStatus.BAD_REQUEST, "invalid-parameter", "Bad request",
                "Parameter '" + e.getName() + "' has an invalid value."));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> unexpected(Exception e) {
        PayloadTooLargeException tooLarge = find(e, PayloadTooLargeException.class);
        if (tooLarge != null) {
            return respond(ProblemResponses.problem(HttpStatus.CONTENT_TOO_LARGE, "request-too-large",
                    "Content too large", tooLarge.getMessage()));
        }
        log.error("Unexpected error", e);
        return respond(ProblemResponses.problem(HttpStatus.INTERNAL_SERVER_ERROR, "internal-error",
                "Internal error", "An unexpected error occurred."));
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException e, HttpHeaders headers,
                                                                  HttpStatusCode status, WebRequest request) {
        List<Map<String, String>> errors = e.getBindingResult().getFieldErrors().stream()
                .map(ProblemDetailsAdvice::fieldError).toList();
        ProblemDetail problem = ProblemResponses.problem(HttpStatus.BAD_REQUEST, "validation", "Validation failed",
                errors.stream().map(m -> m.get("field") + " " + m.get("message")).collect(Collectors.joining("; ")));
        problem.setProperty("errors", errors);
        return respond(problem);
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<Map<String, String>> errors = e.getParameterValidationResults().stream()
                .flatMap(r -> r.getResolvableErrors().stream().map(err -> Map.of(
                        "field", r.getMethodParameter().getParameterName() == null ? "parameter"
                                : r.getMethodParameter().getParameterName(),
                        "message", String.valueOf(err.getDefaultMessage()))))
                .toList();
        ProblemDetail problem = ProblemResponses.problem(HttpStatus.BAD_REQUEST, "validation", "Validation failed",
                errors.stream().map(m -> m.get("field") + " " + m.get("message")).collect(Collectors.joining("; ")));
        problem.setProperty("errors", errors);
        return respond(problem);
    }

    private static Map<String, String> fieldError(FieldError error) {
        return Map.of("field", error.getField(), "message", String.valueOf(error.getDefaultMessage()));
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e, HttpHeaders headers,
                                                                  HttpStatusCode status, WebRequest request) {
        PayloadTooLargeException tooLarge = find(e, PayloadTooLargeException.class);
        if (tooLarge != null) {
            return respond(ProblemResponses.problem(HttpStatus.CONTENT_TOO_LARGE, "request-too-large",
                    "Content too large", tooLarge.getMessage()));
        }
        String detail = "The request body is not valid JSON.";
        if (find(e, UnrecognizedPropertyException.class) instanceof UnrecognizedPropertyException unknown) {
            detail = "Unknown field '" + path(unknown) + "'.";
        } else if (find(e, InvalidFormatException.class) instanceof InvalidFormatException invalid) {
            detail = "Field '" + path(invalid) + "' has an invalid value '" + invalid.getValue() + "'.";
        } else if (find(e, MismatchedInputException.class) instanceof MismatchedInputException mismatched) {
            String path = path(mismatched);
            detail = path.isEmpty() ? "The request body has the wrong shape." : "Field '" + path + "' has the wrong type or is missing.";
        } else if (e.getMessage() != null && e.getMessage().contains("Required request body is missing")) {
            detail = "A request body is required.";
        }
        return respond(ProblemResponses.problem(HttpStatus.BAD_REQUEST, "unreadable-body", "Bad request", detail));
    }

    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception ex, Object body, HttpHeaders headers,
                                                             HttpStatusCode statusCode, WebRequest request) {
        ResponseEntity<Object> response = super.handleExceptionInternal(ex, body, headers, statusCode, request);
        if (response != null && response.getBody() instanceof ProblemDetail problem
                && (problem.getType() == null || problem.getType().equals(URI.create("about:blank")))) {
            HttpStatus status = HttpStatus.resolve(statusCode.value());
            problem.setType(URI.create(ProblemResponses.TYPE_BASE
                    + (status == null ? "error" : status.name().toLowerCase().replace('_', '-'))));
        }
        return response;
    }

    @Override
    protected ResponseEntity<Object> handleMaxUploadSizeExceededException(MaxUploadSizeExceededException e, HttpHeaders headers,
                                                                         HttpStatusCode status, WebRequest request) {
        String limit = e.getMaxUploadSize() > 0 ? e.getMaxUploadSize() + " bytes" : "the size limit";
        return respond(ProblemResponses.problem(HttpStatus.CONTENT_TOO_LARGE, "file-too-large", "Content too large",
                "The upload exceeds " + limit + "."));
    }

    private static String path(JacksonException e) {
        return e.getPath().stream()
                .map(ref -> ref.getPropertyName() != null ? ref.getPropertyName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
    }

    private static <T extends Throwable> T find(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    private static ResponseEntity<Object> respond(ProblemDetail problem) {
        return ResponseEntity.status(problem.getStatus()).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }
}
