package org.projectchat.files;

import org.projectchat.contract.ChatEvent;
import org.projectchat.contract.ChatStreamFixture;
import org.projectchat.contract.MessageKind;
import org.projectchat.contract.ParticipantRole;
import org.projectchat.contract.Visibility;
import org.projectchat.embedded.EmbeddedServers;
import org.projectchat.embedded.EmbeddedServersExtension;
import org.projectchat.embedded.EmbeddedStack;
import org.projectchat.embedded.Server;
import org.projectchat.embedded.identity.LocalIssuer;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Base of file-service tests: the real service on real Kafka, PostgreSQL and S3. The chat's side
 * of the conversation (rosters, messages that attach files) is published on chat.events.v1 as
 * chat-service would, through the event contract.
 */
@EmbeddedServers({Server.KAFKA, Server.POSTGRES, Server.S3})
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "files.sweep-interval=1h")
public abstract class FileServiceTest {

    protected static final LocalIssuer ISSUER = LocalIssuer.ephemeral();
    protected static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public record User(String userId, String name, String handle, ParticipantRole role, List<String> tokenRoles) {
    }

    public static final User EXPERT = new User("u-expert", "Erik Expert", "erik", ParticipantRole.EXPERT, List.of("USER"));
    public static final User CLIENT = new User("u-client", "Clara Client", "clara", ParticipantRole.CLIENT, List.of("USER"));
    public static final User MANAGER = new User("u-am", "Anna Manager", "anna", ParticipantRole.ACCOUNT_MANAGER, List.of("USER"));
    public static final User OPS = new User("u-ops", "Olga Ops", "olga", ParticipantRole.PLATFORM_OPS, List.of("USER"));
    public static final User STAFF = new User("u-staff", "Sam Staff", "sam", null, List.of("PLATFORM_OPS"));
    public static final User OUTSIDER = new User("u-out", "Otto", "otto", null, List.of("USER"));
    public static final List<User> PARTICIPANTS = List.of(EXPERT, CLIENT, MANAGER, OPS);

    @LocalServerPort
    protected int port;

    @DynamicPropertySource
    static void servers(DynamicPropertyRegistry registry) {
        EmbeddedStack stack = EmbeddedServersExtension.sharedStack().start(EnumSet.of(Server.KAFKA, Server.POSTGRES, Server.S3));
        stack.postgres().createDatabase("files");
        registry.add("spring.datasource.url", () -> stack.postgres().jdbcUrl("files"));
        registry.add("spring.kafka.bootstrap-servers", () -> stack.kafka().bootstrapServers());
        registry.add("files.s3-endpoint", () -> stack.s3().endpoint());
        try {
            registry.add("projectchat.security.public-key", ISSUER::publicKeyLocation);
            Path uploads = Files.createTempDirectory("uploads");
            registry.add("files.upload-dir", uploads::toString);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    protected String token(User user) {
        return ISSUER.mint(user.userId(), user.name(), null, user.tokenRoles(), Duration.ofMinutes(30));
    }

    /** The chat's side: one project's chat events on Kafka, as chat-service publishes them. */
    protected final class ChatStream {
        final ChatStreamFixture fixture = new ChatStreamFixture(EmbeddedServersExtension.sharedStack().kafka().bootstrapServers());
        final String projectId = fixture.projectId;

        ChatStream open() {
            fixture.open(PARTICIPANTS.stream()
                    .map(u -> new ChatEvent.Participant(u.userId(), u.name(), u.handle(), null, u.role(), "UTC")).toList());
            return this;
        }

        String attach(User author, Visibility visibility, String... fileIds) {
            return fixture.post(author.userId(), String.valueOf(author.role()), "see attached", visibility, MessageKind.GENERAL,
                    List.of(fileIds));
        }

        void publish(ChatEvent event) {
            fixture.publish(event);
        }
    }

    protected ChatStream openProject() {
        ChatStream chat = new ChatStream().open();
        // the service learns the roster from Kafka within milliseconds
        await(() -> upload(EXPERT, chat.projectId, "probe.txt", "probe".getBytes()).statusCode(), s -> s == 201);
        return chat;
    }

    protected HttpResponse<String> upload(User user, String projectId, String name, byte[] content) {
        return upload(user, projectId, name, HttpRequest.BodyPublishers.ofByteArray(content));
    }

    protected HttpResponse<String> upload(User user, String projectId, String name, HttpRequest.BodyPublisher content) {
        String boundary = "----projectchat" + UUID.randomUUID();
        var body = HttpRequest.BodyPublishers.concat(
                HttpRequest.BodyPublishers.ofString("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
                        + name + "\"\r\nContent-Type: application/octet-stream\r\n\r\n", StandardCharsets.UTF_8),
                content,
                HttpRequest.BodyPublishers.ofString("\r\n--" + boundary + "--\r\n"));
        return send(HttpRequest.newBuilder(URI.create(base() + "/projects/" + projectId + "/files"))
                .header("Authorization", "Bearer " + token(user))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary).POST(body).build());
    }

    protected HttpResponse<String> get(User user, String path) {
        return send(HttpRequest.newBuilder(URI.create(base() + path)).header("Authorization", "Bearer " + token(user)).build());
    }

    protected HttpResponse<byte[]> download(User user, String projectId, String fileId, String... headers) {
        return getBytes(user, "/projects/" + projectId + "/files/" + fileId, headers);
    }

    /** A GET as the user, with more headers (name, value, ...), the body as bytes. */
    protected HttpResponse<byte[]> getBytes(User user, String path, String... headers) {
        var request = HttpRequest.newBuilder(URI.create(base() + path)).header("Authorization", "Bearer " + token(user));
        if (headers.length > 0) {
            request.headers(headers);
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    protected HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    protected String base() {
        return "http://localhost:" + port;
    }

    /** Probes until the answer is done (20 s at most). */
    protected static <T> T await(java.util.function.Supplier<T> probe, Predicate<T> done) {
        return org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20))
                .pollInterval(java.time.Duration.ofMillis(25)).until(probe::get, done::test);
    }

    protected static List<String> lines(String s) {
        return new ArrayList<>(s.lines().toList());
    }
}
