package org.projectchat.search;

import org.awaitility.Awaitility;
import org.projectchat.contract.ChatEvent;
import org.projectchat.contract.ChatStreamFixture;
import org.projectchat.contract.EventJson;
import org.projectchat.contract.ParticipantRole;
import org.projectchat.embedded.EmbeddedServers;
import org.projectchat.embedded.EmbeddedServersExtension;
import org.projectchat.embedded.EmbeddedStack;
import org.projectchat.embedded.Server;
import org.projectchat.embedded.identity.LocalIssuer;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.function.Predicate;

/** Base of search-service tests: the real service on the embedded Elasticsearch node and Kafka. */
@EmbeddedServers({Server.KAFKA, Server.ELASTICSEARCH, Server.POSTGRES})
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class SearchServiceTest {

    protected static final LocalIssuer ISSUER = LocalIssuer.ephemeral();
    static final HttpClient HTTP = HttpClient.newHttpClient();

    public record User(String userId, String handle, ParticipantRole role, List<String> tokenRoles) {
        ChatEvent.Participant participant() {
            return new ChatEvent.Participant(userId, userId, handle, null, role, "UTC");
        }
    }

    public static final User EXPERT = new User("u-expert", "erik", ParticipantRole.EXPERT, List.of("USER"));
    public static final User EXPERT2 = new User("u-expert2", "eva", ParticipantRole.EXPERT, List.of("USER"));
    public static final User CLIENT = new User("u-client", "clara", ParticipantRole.CLIENT, List.of("USER"));
    public static final User MANAGER = new User("u-am", "anna", ParticipantRole.ACCOUNT_MANAGER, List.of("USER"));
    public static final User OPS = new User("u-ops", "olga", ParticipantRole.PLATFORM_OPS, List.of("USER"));
    public static final User STAFF = new User("u-staff", "sam", null, List.of("PLATFORM_OPS"));
    public static final User OUTSIDER = new User("u-out", "otto", null, List.of("USER"));
    public static final List<User> PARTICIPANTS = List.of(EXPERT, EXPERT2, CLIENT, MANAGER, OPS);

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void servers(DynamicPropertyRegistry registry) {
        EmbeddedStack stack = EmbeddedServersExtension.sharedStack().start(EnumSet.of(Server.KAFKA, Server.ELASTICSEARCH, Server.POSTGRES));
        stack.postgres().createDatabase("search");
        registry.add("spring.datasource.url", () -> stack.postgres().jdbcUrl("search"));
        registry.add("spring.datasource.username", () -> "postgres");
        registry.add("spring.datasource.password", () -> "postgres");
        registry.add("spring.elasticsearch.uris", () -> stack.elasticsearch().httpUrl());
        registry.add("spring.kafka.bootstrap-servers", () -> stack.kafka().bootstrapServers());
        registry.add("projectchat.security.public-key", ISSUER::publicKeyLocation);
    }

    protected ChatStreamFixture project() {
        return new ChatStreamFixture(EmbeddedServersExtension.sharedStack().kafka().bootstrapServers())
                .open(PARTICIPANTS.stream().map(User::participant).toList());
    }

    protected HttpResponse<String> search(User user, String query, String... params) {
        StringBuilder url = new StringBuilder("http://localhost:" + port + "/search?q=" + URLEncoder.encode(query, StandardCharsets.UTF_8));
        for (String p : params) {
            url.append('&').append(p);
        }
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url.toString())).header("Authorization", "Bearer "
                    + ISSUER.mint(user.userId(), user.handle(), null, user.tokenRoles(), Duration.ofMinutes(10))).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    protected static JsonNode json(HttpResponse<String> response) {
        return EventJson.mapper().readTree(response.body());
    }

    protected static List<String> bodies(HttpResponse<String> response) {
        return json(response).get("hits").valueStream().map(h -> h.get("body").asString()).toList();
    }

    /** Polls a search until the condition holds (indexing is near-real-time: refresh within a second). */
    protected HttpResponse<String> awaitSearch(User user, String query, Predicate<HttpResponse<String>> done, String... params) {
        return Awaitility.await("search '" + query + "'").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                .until(() -> search(user, query, params), r -> r.statusCode() == 200 && done.test(r));
    }
}
