package org.projectchat.system;

import org.projectchat.dev.DevSystem;
import org.projectchat.embedded.Server;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;

/**
 * The whole system, once per test JVM, as {@code ./dev.sh} runs it but on free ports and fresh data: every service its
 * own process from its production jar, Kafka and Elasticsearch in JVMs of their own so a test can kill them.
 */
final class RunningSystem {

    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static DevSystem system;

    private RunningSystem() {
    }

    static synchronized DevSystem get() {
        if (system == null) {
            try {
                Path root = Path.of("..").toAbsolutePath().normalize();
                system = DevSystem.start(new DevSystem.Options(root, Path.of("target/system").toAbsolutePath(), false,
                        EnumSet.of(Server.ELASTICSEARCH), Duration.ofHours(2)));
                DevSystem started = system;
                Runtime.getRuntime().addShutdownHook(new Thread(started::close, "system-stop"));
            } catch (Exception e) {
                throw new IllegalStateException("the system did not start", e);
            }
        }
        return system;
    }

    static String url(String service) {
        return get().service(service).url();
    }

    static String token(String user) {
        return get().tokens().get(user);
    }

    static HttpResponse<String> get(String url, String user) {
        return send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + token(user)).build());
    }

    static HttpResponse<String> post(String url, String user, String json) {
        return send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + token(user))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(request.uri() + ": " + e, e);
        }
    }

    /**
     * The service's readiness status (200 ready, 503 not), or 0 when it does not answer. A check of a database that is
     * down takes the pool's connection timeout (5 s), so the probe waits longer than that.
     */
    static int readiness(String service) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url(service) + "/actuator/health/readiness"))
                    .timeout(Duration.ofSeconds(15)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            return 0;
        }
    }

    static Map<String, String> tokens() {
        return get().tokens();
    }
}
