package org.projectchat.baseline.http;

import org.projectchat.contract.EventJson;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** A service under test as its clients call it: JSON over HTTP with a bearer token. One for every service's tests. */
public final class ServiceClient {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final String base;

    public ServiceClient(int port) {
        this.base = "http://localhost:" + port;
    }

    public String url(String path) {
        return base + path;
    }

    public HttpResponse<String> get(String token, String path) {
        return send(HttpRequest.newBuilder(URI.create(url(path))).header("Authorization", "Bearer " + token).build());
    }

    public HttpResponse<String> post(String token, String path, String json) {
        return send(withJson(token, path).POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    public HttpResponse<String> put(String token, String path, String json) {
        return send(withJson(token, path).PUT(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    private HttpRequest.Builder withJson(String token, String path) {
        return HttpRequest.newBuilder(URI.create(url(path))).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json");
    }

    public static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(request.uri() + ": " + e, e);
        }
    }

    public static JsonNode json(HttpResponse<String> response) {
        return EventJson.mapper().readTree(response.body());
    }
}
