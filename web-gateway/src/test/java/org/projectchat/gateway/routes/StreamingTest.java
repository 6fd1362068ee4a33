package org.projectchat.gateway.routes;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.projectchat.embedded.identity.LocalIssuer;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bodies go through the gateway as they come, both ways, with a service of this test's own behind it: a 25 MB upload
 * whose sender stops after 8 MB until the service has received 4 MB (a gateway that collected the body first would
 * never let that happen), and an event stream whose service sends its second event only once the browser side has
 * read the first.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class StreamingTest {

    static final int MB = 1024 * 1024;
    static final long UPLOAD = 25L * MB;
    static final CountDownLatch serviceHasFourMegabytes = new CountDownLatch(1);
    static final AtomicLong serviceReceived = new AtomicLong();
    static final CountDownLatch browserHasFirstEvent = new CountDownLatch(1);
    static final AtomicBoolean secondEventWaitedForTheFirst = new AtomicBoolean();
    static final HttpServer service = service();

    static HttpServer service() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/upload", exchange -> {
                byte[] buffer = new byte[64 * 1024];
                try (InputStream in = exchange.getRequestBody()) {
                    for (int n; (n = in.read(buffer)) >= 0; ) {
                        if (serviceReceived.addAndGet(n) >= 4L * MB) {
                            serviceHasFourMegabytes.countDown();
                        }
                    }
                }
                byte[] answer = ("{\"received\":" + serviceReceived.get() + "}").getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(201, answer.length);
                exchange.getResponseBody().write(answer);
                exchange.close();
            });
            server.createContext("/events", exchange -> {
                exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
                exchange.sendResponseHeaders(200, 0);
                OutputStream out = exchange.getResponseBody();
                out.write("data: one\n\n".getBytes(StandardCharsets.UTF_8));
                out.flush();
                try {
                    secondEventWaitedForTheFirst.set(browserHasFirstEvent.await(20, TimeUnit.SECONDS));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                out.write("data: two\n\n".getBytes(StandardCharsets.UTF_8));
                exchange.close();
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("gateway.services.files", () -> "http://127.0.0.1:" + service.getAddress().getPort());
        registry.add("projectchat.security.public-key", LocalIssuer.ephemeral()::publicKeyLocation);
    }

    @AfterAll
    static void stop() {
        service.stop(0);
    }

    @Value("${local.server.port}")
    int port;

    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void anUploadReachesTheServiceWhileItIsStillBeingSent() throws Exception {
        AtomicBoolean senderWaited = new AtomicBoolean();
        InputStream body = new InputStream() {
            long sent;

            @Override
            public int read() {
                throw new UnsupportedOperationException();
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (sent >= UPLOAD) {
                    return -1;
                }
                if (sent >= 8L * MB && !senderWaited.get()) {
                    try {
                        if (!serviceHasFourMegabytes.await(30, TimeUnit.SECONDS)) {
                            throw new IOException("the service got less than 4 MB while 8 MB were sent: the gateway holds the body back");
                        }
                    } catch (InterruptedException e) {
                        throw new IOException(e);
                    }
                    senderWaited.set(true);
                }
                int n = (int) Math.min(len, UPLOAD - sent);
                java.util.Arrays.fill(b, off, off + n, (byte) 'x');
                sent += n;
                return n;
            }
        };
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/files/upload"))
                // as the browser sends a file (the service behind reads it as it likes; this one counts bytes)
                .header("Content-Type", "multipart/form-data; boundary=streaming-test")
                .POST(HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(() -> body), UPLOAD))
                .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        assertThat(senderWaited).as("the sender paused at 8 MB and went on once the service had 4 MB").isTrue();
        assertThat(response.body()).isEqualTo("{\"received\":" + UPLOAD + "}");
    }

    @Test
    void anEventReachesTheBrowserBeforeTheStreamEnds() throws Exception {
        HttpResponse<java.util.stream.Stream<String>> response = http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/files/events"))
                        .header("Accept", "text/event-stream").timeout(Duration.ofSeconds(60)).build(),
                HttpResponse.BodyHandlers.ofLines());
        assertThat(response.statusCode()).isEqualTo(200);
        var lines = response.body().filter(l -> l.startsWith("data:")).iterator();
        assertThat(lines.next()).isEqualTo("data: one");
        browserHasFirstEvent.countDown();
        assertThat(lines.next()).isEqualTo("data: two");
        assertThat(secondEventWaitedForTheFirst).as("the first event came through while the service still held the second").isTrue();
    }
}
