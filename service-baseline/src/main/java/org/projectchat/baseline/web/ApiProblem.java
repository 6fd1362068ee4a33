package org.projectchat.baseline.web;

import org.springframework.http.HttpStatus;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A request the service refuses, with what the client needs to know: answered as problem+json
 * by {@link ProblemDetailsAdvice}. Thrown before anything is written.
 */
public class ApiProblem extends RuntimeException {

    private final HttpStatus status;
    private final String type;
    private final String title;
    private final Map<String, Object> properties = new LinkedHashMap<>();

    public ApiProblem(HttpStatus status, String type, String title, String detail) {
        super(detail);
        this.status = status;
        this.type = type;
        this.title = title;
    }

    public static ApiProblem badRequest(String type, String detail) {
        return new ApiProblem(HttpStatus.BAD_REQUEST, type, "Bad request", detail);
    }

    public static ApiProblem notFound(String type, String detail) {
        return new ApiProblem(HttpStatus.NOT_FOUND, type, "Not found", detail);
    }

    public static ApiProblem forbidden(String type, String detail) {
        return new ApiProblem(HttpStatus.FORBIDDEN, type, "Forbidden", detail);
    }

    public static ApiProblem conflict(String type, String detail) {
        return new ApiProblem(HttpStatus.CONFLICT, type, "Conflict", detail);
    }

    public static ApiProblem unprocessable(String type, String detail) {
        return new ApiProblem(HttpStatus.UNPROCESSABLE_CONTENT, type, "Unprocessable content", detail);
    }

    public static ApiProblem tooLarge(String type, String detail) {
        return new ApiProblem(HttpStatus.CONTENT_TOO_LARGE, type, "Content too large", detail);
    }

    public ApiProblem with(String property, Object value) {
        properties.put(property, value);
        return this;
    }

    public HttpStatus status() {
        return status;
    }

    public String type() {
        return type;
    }

    public String title() {
        return title;
    }

    public Map<String, Object> properties() {
        return properties;
    }
}
