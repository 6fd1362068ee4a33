package org.projectchat.chat;

import org.awaitility.Awaitility;
import org.projectchat.contract.EventJson;
import org.projectchat.embedded.identity.LocalIssuer;
import tools.jackson.databind.JsonNode;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** What a test user does over HTTP: tokens per demo user, JSON requests, SSE reading. */
public class ChatClient {

    public record User(String userId, String name, String handle, String role, List<String> tokenRoles) {
        public Map<String, Object> asParticipant() {
            return Map.of("userId", userId, "displayName", name, "handle", handle, "email", handle + "@example.com",
                    "role", role, "timeZone", "Europe/Berlin");
        }
    }

    public static final User PLATFORM = new User("svc-marketplace", "Marketplace", "marketplace", null, List.of("PLATFORM_SERVICE"));
    public static final User STAFF = new User("u-staff", "Sam Staff", "sam", null, List.of("PLATFORM_OPS"));
    public static final User EXPERT = new User("u-expert", "Erik Expert", "erik", "EXPERT", List.of("USER"));
    public static final User EXPERT2 = new User("u-expert2", "Eva Expert", "eva", "EXPERT", List.of("USER"));
    public static final User CLIENT = new User("u-client", "Clara Client", "clara", "CLIENT", List.of("USER"));
    public static final User OPS = new User("u-ops", "Olga Ops", "olga", "PLATFORM_OPS", List.of("USER"));
    public static final User MANAGER = new User("u-am", "Anna Manager", "anna", "ACCOUNT_MANAGER", List.of("USER"));
    public static final User OUTSIDER = new User("u-outsider", "Otto Outsider", "otto", null, List.of("USER"));
    public static final List<User> PARTICIPANTS = List.of(EXPERT, EXPERT2, CLIENT, OPS, MANAGER);

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final LocalIssuer issuer;

    public ChatClient(String base, LocalIssuer issuer) {
        this.base = base;
        this.issuer = issuer;
    }

    public record Response(int status, String body, HttpResponse<String> raw) {
        public JsonNode json() {
            return EventJson.mapper().readTree(body);
        }
    }

    public String token(User user) {
        return issuer.mint(user.userId(), user.name(), user.handle() + "@example.com", user.tokenRoles(), Duration.ofMinutes(30));
    }

    public Response send(User user, String method, String path, Object body) {
        return send(user, method, path, body, Map.of());
    }

    public Response send(User user, String method, String path, Object body, Map<String, String> headers) {
        try {
            var request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + token(user));
            headers.forEach(request::header);
            if (body != null) {
                String json = body instanceof String s ? s : EventJson.mapper().writeValueAsString(body);
                request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
            } else {
                request.method(method, HttpRequest.BodyPublishers.noBody());
            }
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.body(), response);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public Response get(User user, String path) {
        return send(user, "GET", path, null);
    }

    public Response post(User user, String path, Object body) {
        return send(user, "POST", path, body);
    }

    public JsonNode postJson(String json) {
        return EventJson.mapper().readTree(json);
    }

    public static String newProjectId() {
        return "prj-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Opens a project with every demo participant. */
    public String openProject() {
        String projectId = newProjectId();
        Response r = post(PLATFORM, "/projects", Map.of("projectId", projectId, "title", "Project " + projectId,
                "participants", PARTICIPANTS.stream().map(User::asParticipant).toList()));
        if (r.status() != 201) {
            throw new IllegalStateException("open failed: " + r.status() + " " + r.body());
        }
        // the message store follows the event store within milliseconds; wait until it knows the project
        await(STAFF, "/projects/" + projectId + "/participants", ok -> ok.status() == 200);
        return projectId;
    }

    public String postMessage(User user, String projectId, String body, String visibility) {
        Response r = post(user, "/projects/" + projectId + "/messages", Map.of("body", body, "visibility", visibility));
        if (r.status() != 201) {
            throw new IllegalStateException("post failed: " + r.status() + " " + r.body());
        }
        return r.json().get("messageId").asString();
    }

    /** Polls until the condition holds on a GET (a 200 response), or fails after the deadline. */
    public Response awaitOk(User user, String path, Predicate<Response> condition) {
        return await(user, path, r -> r.status() == 200 && condition.test(r));
    }

    /** Polls until the condition holds on a GET, or fails after 20 s. */
    public Response await(User user, String path, Predicate<Response> condition) {
        return Awaitility.await("condition on GET " + path).atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(25))
                .until(() -> get(user, path), r -> r.status() < 500 && condition.test(r));
    }

    /** One Server-Sent Event. */
    public record Sse(String id, String event, String data) {
        public JsonNode json() {
            return EventJson.mapper().readTree(data);
        }
    }

    /** An open SSE connection that collects events in the background. */
    public final class SseStream implements AutoCloseable {
        final LinkedBlockingQueue<Sse> events = new LinkedBlockingQueue<>();
        final InputStream body;
        public final int status;

        SseStream(User user, String path, String lastEventId) throws Exception {
            var request = streamRequest(user, path);
            if (lastEventId != null) {
                request.header("Last-Event-ID", lastEventId);
            }
            HttpResponse<InputStream> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            status = response.statusCode();
            body = response.body();
            Thread.ofVirtual().start(this::read);
        }

        private void read() {
            try (var reader = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
                String id = null;
                String event = null;
                StringBuilder data = new StringBuilder();
                String line;
                while ((line = reader.readLine()) != null) {
                    if (line.isEmpty()) {
                        if (!data.isEmpty()) {
                            events.add(new Sse(id, event, data.toString()));
                        }
                        id = null;
                        event = null;
                        data.setLength(0);
                    } else if (line.startsWith("id:")) {
                        id = line.substring(3).strip();
                    } else if (line.startsWith("event:")) {
                        event = line.substring(6).strip();
                    } else if (line.startsWith("data:")) {
                        data.append(line.substring(5).strip());
                    }
                }
            } catch (Exception ignored) {
                // closed
            }
        }

        /** Waits (20 s at most) for the next event matching the predicate; events before it are dropped. */
        public Sse next(Predicate<Sse> matching) {
            return Awaitility.await("a matching SSE event").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(10))
                    .until(() -> {
                        Sse e;
                        while ((e = events.poll()) != null) {
                            if (matching.test(e)) {
                                return e;
                            }
                        }
                        return null;
                    }, java.util.Objects::nonNull);
        }

        /**
         * Events until {@code expected} matching ones arrived, then whatever else comes within a short
         * quiet period (so an extra, leaked event would still be seen).
         */
        public List<Sse> collect(Predicate<Sse> matching, int expected, Duration quiet) throws InterruptedException {
            List<Sse> all = new ArrayList<>();
            Awaitility.await(expected + " matching SSE events").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(10))
                    .until(() -> {
                        events.drainTo(all);
                        return all.stream().filter(matching).count() >= expected;
                    });
            all.addAll(drain(quiet));
            return all;
        }

        /** Everything received within a quiet period. */
        public List<Sse> drain(Duration quiet) throws InterruptedException {
            List<Sse> all = new ArrayList<>();
            Sse e;
            while ((e = events.poll(quiet.toMillis(), TimeUnit.MILLISECONDS)) != null) {
                all.add(e);
            }
            return all;
        }

        @Override
        public void close() throws Exception {
            body.close();
        }
    }

    private HttpRequest.Builder streamRequest(User user, String path) {
        return HttpRequest.newBuilder(URI.create(base + path))
                .header("Authorization", "Bearer " + token(user)).header("Accept", "text/event-stream");
    }

    /** The status a stream answers with, which must come within the timeout although no event is sent. */
    public int streamOpensWithin(User user, String path, Duration timeout) throws Exception {
        HttpResponse<InputStream> response = HTTP.send(streamRequest(user, path).timeout(timeout).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        response.body().close();
        return response.statusCode();
    }

    public SseStream stream(User user, String path, String lastEventId) throws Exception {
        return new SseStream(user, path, lastEventId);
    }
}
