package org.projectchat.escalations;

import org.projectchat.baseline.http.ServiceClient;
import org.projectchat.baseline.time.MovableClock;
import org.projectchat.contract.Actor;
import org.projectchat.contract.ChatEvent;
import org.projectchat.contract.ChatStreamFixture;
import org.projectchat.contract.EventIds;
import org.projectchat.contract.EventJson;
import org.projectchat.contract.MessageKind;
import org.projectchat.contract.ParticipantRole;
import org.projectchat.contract.Priority;
import org.projectchat.contract.Visibility;
import org.projectchat.embedded.EmbeddedServers;
import org.projectchat.embedded.EmbeddedServersExtension;
import org.projectchat.embedded.EmbeddedStack;
import org.projectchat.embedded.Server;
import org.projectchat.embedded.identity.LocalIssuer;
import org.projectchat.escalations.timers.Timers;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;

import static org.awaitility.Awaitility.await;

/**
 * Base of escalation-service tests: the real service on the harness's Kafka and PostgreSQL, with a clock the test
 * moves (no sleeping: timers fire when the clock passes them). Each test opens projects of its own with a cast of its
 * own, so tests sharing the service never see each other's cases.
 */
@EmbeddedServers({Server.KAFKA, Server.POSTGRES})
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(EscalationServiceTest.TestClock.class)
public abstract class EscalationServiceTest {

    /** Monday 7 December 2026, 09:00 UTC (10:00 in Berlin). */
    public static final Instant MONDAY_9 = Instant.parse("2026-12-07T09:00:00Z");
    protected static final LocalIssuer ISSUER = LocalIssuer.ephemeral();

    @TestConfiguration(proxyBeanMethods = false)
    static class TestClock {
        @Bean
        MovableClock clock() {
            return new MovableClock(MONDAY_9);
        }
    }

    @LocalServerPort
    protected int port;
    @Autowired
    protected MovableClock clock;
    @Autowired
    protected JdbcTemplate jdbc;
    @Autowired
    protected Timers timers;

    @DynamicPropertySource
    static void servers(DynamicPropertyRegistry registry) {
        EmbeddedStack stack = EmbeddedServersExtension.sharedStack().start(EnumSet.of(Server.KAFKA, Server.POSTGRES));
        stack.postgres().createDatabase("escalations");
        registry.add("spring.datasource.url", () -> stack.postgres().jdbcUrl("escalations"));
        registry.add("spring.datasource.username", () -> "postgres");
        registry.add("spring.datasource.password", () -> "postgres");
        registry.add("spring.kafka.bootstrap-servers", () -> stack.kafka().bootstrapServers());
        registry.add("projectchat.security.public-key", ISSUER::publicKeyLocation);
        registry.add("escalations.timers.poll", () -> "100ms");
        registry.add("escalations.calendar.holidays", () -> "2026-12-24,2026-12-25,2027-01-01");
        registry.add("escalations.calendar.ops-zone", () -> "Europe/London");
    }

    protected static EmbeddedStack stack() {
        return EmbeddedServersExtension.sharedStack();
    }

    /** A participant of one project: ids carry the project's suffix. */
    public record Person(String userId, String name, String handle, ParticipantRole role, String timeZone) {
        ChatEvent.Participant participant() {
            return new ChatEvent.Participant(userId, name, handle, handle + "@example.com", role, timeZone);
        }

        Actor actor() {
            return new Actor(userId, name, role.name());
        }
    }

    /** A project with its cast: Erik (expert, Berlin), Clara (client, New York), Anna (account manager), Olga (ops). */
    public final class Project {
        public final ChatStreamFixture chat = new ChatStreamFixture(stack().kafka().bootstrapServers());
        public final String id = chat.projectId;
        final String suffix = id.substring(4);
        public final Person erik = person("erik", "Erik Expert", ParticipantRole.EXPERT, "Europe/Berlin");
        public final Person clara = person("clara", "Clara Client", ParticipantRole.CLIENT, "America/New_York");
        public final Person anna = person("anna", "Anna Manager", ParticipantRole.ACCOUNT_MANAGER, "Europe/London");
        public final Person olga = person("olga", "Olga Ops", ParticipantRole.PLATFORM_OPS, "UTC");

        Project() {
            chat.publishAs(new Actor("svc-chat", "chat-service", "PLATFORM_SERVICE"), new ChatEvent.ProjectChatOpened(id,
                    "Project " + id, List.of(erik.participant(), clara.participant(), anna.participant(), olga.participant())),
                    clock.instant());
        }

        public Person person(String handle, String name, ParticipantRole role, String zone) {
            return new Person("u-" + handle + "-" + suffix, name, handle + suffix, role, zone);
        }

        /** Posts as {@code author} at the clock's time; returns the message id. */
        public String post(Person author, MessageKind kind, Visibility visibility, Priority priority, ChatEvent.Escalation escalation) {
            String messageId = EventIds.next().toString();
            chat.publishAs(author.actor(), new ChatEvent.MessagePosted(messageId, chat.sent().size() + 1, null,
                    author.name() + " says something", kind, visibility, List.of(), List.of(), escalation, priority), clock.instant());
            return messageId;
        }

        public String say(Person author) {
            return post(author, MessageKind.GENERAL, Visibility.EVERYONE, Priority.NORMAL, null);
        }

        /** Waits until the service has applied every chat event published so far for this project. */
        public void applied() {
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                Long position = jdbc.queryForObject("""
                        select coalesce(max(version), 0) from projection_positions
                        where projection = 'escalation-intake' and stream_id = ?""", Long.class, id);
                return position != null && position >= chat.sent().size();
            });
        }

        /** The types of the escalation events stored (and published) for this project, in order. */
        public List<String> events() {
            return jdbc.queryForList("select type from events where stream_id = ? order by stream_version", String.class, id);
        }

        public long count(String type) {
            return events().stream().filter(type::equals).count();
        }

        /** The reminders of one kind stored for this project, as "userId period". */
        public List<String> reminders(String kind) {
            return jdbc.queryForList("""
                    select (e.payload ->> 'userId') || ' ' || coalesce(e.payload ->> 'period', '') from (
                        select convert_from(envelope, 'UTF8')::jsonb -> 'payload' as payload, stream_version from events
                        where stream_id = ? and type = 'ReminderIssued') e
                    where e.payload ->> 'kind' = ? order by e.stream_version""", String.class, id, kind);
        }
    }

    protected Project project() {
        return new Project();
    }

    /** Moves the clock and has the timers look at once (the loop would at its next poll anyway). */
    protected void advance(Duration by) {
        clock.advance(by);
        timers.wake();
    }

    protected void moveTo(Instant at) {
        clock.set(at);
        timers.wake();
    }

    // --- HTTP

    protected String token(Person person) {
        return ISSUER.mint(person.userId(), person.name(), null, List.of("USER"), Duration.ofDays(3650));
    }

    protected String opsToken() {
        return ISSUER.mint("u-staff", "Sam Staff", null, List.of("PLATFORM_OPS"), Duration.ofDays(3650));
    }

    protected String url(String path) {
        return new ServiceClient(port).url(path);
    }

    protected HttpResponse<String> get(String token, String path) {
        return new ServiceClient(port).get(token, path);
    }

    protected HttpResponse<String> post(String token, String path, String json) {
        return new ServiceClient(port).post(token, path, json);
    }

    protected HttpResponse<String> put(String token, String path, String json) {
        return new ServiceClient(port).put(token, path, json);
    }

    protected static HttpResponse<String> send(HttpRequest request) {
        return ServiceClient.send(request);
    }

    protected static JsonNode json(HttpResponse<String> response) {
        return ServiceClient.json(response);
    }
}
