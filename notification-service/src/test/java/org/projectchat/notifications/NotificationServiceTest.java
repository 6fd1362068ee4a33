package org.projectchat.notifications;

import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.projectchat.baseline.http.ServiceClient;
import org.projectchat.baseline.time.MovableClock;
import org.projectchat.contract.Actor;
import org.projectchat.contract.ChatEvent;
import org.projectchat.contract.ChatStreamFixture;
import org.projectchat.contract.EventEnvelope;
import org.projectchat.contract.EventEnvelopeSerializer;
import org.projectchat.contract.EventIds;
import org.projectchat.contract.EventJson;
import org.projectchat.contract.MessageKind;
import org.projectchat.contract.ParticipantRole;
import org.projectchat.contract.Priority;
import org.projectchat.contract.Topic;
import org.projectchat.contract.Visibility;
import org.projectchat.embedded.EmbeddedServers;
import org.projectchat.embedded.EmbeddedServersExtension;
import org.projectchat.embedded.EmbeddedStack;
import org.projectchat.embedded.Server;
import org.projectchat.embedded.identity.LocalIssuer;
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
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * Base of notification-service tests: the real service on the harness's Kafka, PostgreSQL and SMTP server, with a
 * clock the test moves. Each test opens projects of its own with a cast of its own (ids and addresses unique to the
 * project), so tests sharing the service and the mailbox never see each other's mail.
 */
@EmbeddedServers({Server.KAFKA, Server.POSTGRES, Server.SMTP})
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(NotificationServiceTest.TestClock.class)
public abstract class NotificationServiceTest {

    /** Monday 7 December 2026, 10:00 UTC. */
    public static final Instant MONDAY_10 = Instant.parse("2026-12-07T10:00:00Z");
    protected static final LocalIssuer ISSUER = LocalIssuer.ephemeral();
    /** For streams (SSE) read line by line; plain requests go through {@link ServiceClient}. */
    protected static final HttpClient HTTP = HttpClient.newHttpClient();

    @TestConfiguration(proxyBeanMethods = false)
    static class TestClock {
        @Bean
        MovableClock clock() {
            return new MovableClock(MONDAY_10);
        }
    }

    @LocalServerPort
    protected int port;
    @Autowired
    protected MovableClock clock;
    @Autowired
    protected JdbcTemplate jdbc;

    @DynamicPropertySource
    static void servers(DynamicPropertyRegistry registry) {
        EmbeddedStack stack = EmbeddedServersExtension.sharedStack().start(EnumSet.of(Server.KAFKA, Server.POSTGRES, Server.SMTP));
        stack.postgres().createDatabase("notifications");
        registry.add("spring.datasource.url", () -> stack.postgres().jdbcUrl("notifications"));
        registry.add("spring.datasource.username", () -> "postgres");
        registry.add("spring.datasource.password", () -> "postgres");
        registry.add("spring.kafka.bootstrap-servers", () -> stack.kafka().bootstrapServers());
        registry.add("spring.mail.host", () -> "127.0.0.1");
        registry.add("spring.mail.port", () -> stack.smtp().port());
        registry.add("projectchat.security.public-key", ISSUER::publicKeyLocation);
        registry.add("notifications.email.dispatch.poll", () -> "100ms");
        registry.add("notifications.push.dispatch.poll", () -> "100ms");
        registry.add("notifications.push.allowed-hosts", () -> "localhost,127.0.0.1,*.push.services.mozilla.com");
        registry.add("notifications.links.app-base-url", () -> "https://chat.example.com");
    }

    protected static EmbeddedStack stack() {
        return EmbeddedServersExtension.sharedStack();
    }

    /** A participant of one project: ids and addresses carry the project's suffix. */
    public record Person(String userId, String name, String handle, ParticipantRole role, String email, String timeZone) {
        ChatEvent.Participant participant() {
            return new ChatEvent.Participant(userId, name, handle, email, role, timeZone);
        }

        Actor actor() {
            return new Actor(userId, name, role.name());
        }
    }

    /** A project with its cast: Erik and Eva (experts), Clara (client), Anna (account manager), Olga (ops). */
    public final class Project {
        public final ChatStreamFixture chat = new ChatStreamFixture(stack().kafka().bootstrapServers());
        public final String id = chat.projectId;
        final String suffix = id.substring(4);
        public final Person erik = person("erik", "Erik Expert", ParticipantRole.EXPERT, "Europe/Berlin");
        public final Person eva = person("eva", "Eva Expert", ParticipantRole.EXPERT, "Europe/Berlin");
        public final Person clara = person("clara", "Clara Client", ParticipantRole.CLIENT, "America/New_York");
        public final Person anna = person("anna", "Anna Manager", ParticipantRole.ACCOUNT_MANAGER, "Europe/London");
        public final Person olga = person("olga", "Olga Ops", ParticipantRole.PLATFORM_OPS, "UTC");

        Project() {
            chat.open(List.of(erik.participant(), eva.participant(), clara.participant(), anna.participant(), olga.participant()));
        }

        Project(List<Person> cast) {
            chat.open(cast.stream().map(Person::participant).toList());
        }

        public Person person(String handle, String name, ParticipantRole role, String zone) {
            return new Person("u-" + handle + "-" + suffix, name, handle + suffix, role, handle + "-" + suffix + "@example.com", zone);
        }

        public List<Person> cast() {
            return List.of(erik, eva, clara, anna, olga);
        }

        /** Posts as {@code author}; mentions are given as chat-service would resolve them. Returns the message id. */
        public String post(Person author, String body, Visibility visibility, MessageKind kind, Priority priority,
                           ChatEvent.Escalation escalation, ChatEvent.Mention... mentions) {
            String messageId = EventIds.next().toString();
            chat.publishAs(author.actor(), new ChatEvent.MessagePosted(messageId, chat.sent().size() + 1, null, body, kind,
                    visibility, List.of(), Arrays.asList(mentions), escalation, priority));
            return messageId;
        }

        public String mention(Person author, Person whom, String body) {
            return post(author, body, Visibility.EVERYONE, MessageKind.GENERAL, Priority.NORMAL, null, at(whom));
        }

        public long position() {
            return chat.sent().size();
        }

        public void read(Person reader, long upTo) {
            chat.publish(new ChatEvent.MessagesRead(reader.userId(), upTo));
        }
    }

    protected Project project() {
        return new Project();
    }

    protected static ChatEvent.Mention at(Person p) {
        return ChatEvent.Mention.user(p.userId(), p.handle());
    }

    /** Sends an event already sent once again, as a redelivery or a replay would. */
    protected static void sendAgain(EventEnvelope<?> envelope) {
        try (var producer = new KafkaProducer<String, EventEnvelope<?>>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                stack().kafka().bootstrapServers()), new StringSerializer(), new EventEnvelopeSerializer())) {
            producer.send(new ProducerRecord<>(Topic.CHAT_EVENTS.name(), envelope.streamId(), envelope)).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    // --- HTTP

    protected String token(Person person) {
        return ISSUER.mint(person.userId(), person.name(), person.email(), List.of("USER"), Duration.ofHours(1));
    }

    protected String staffToken() {
        return ISSUER.mint("u-staff", "Sam Staff", null, List.of("PLATFORM_OPS"), Duration.ofHours(1));
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

    /** The in-app items of a person, once the intake has them. */
    protected JsonNode awaitInbox(Person person, int items) {
        return await("in-app items of " + person.handle()).atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                .until(() -> json(get(token(person), "/notifications")), page -> page.get("items").size() >= items);
    }

    /** Waits until every event published so far is applied (the intake's position for the project). */
    protected void awaitApplied(Project project) {
        long version = project.position();
        await("intake applied " + project.id + " up to " + version).atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                .until(() -> jdbc.queryForList("""
                        select version from projection_positions
                        where projection = 'notifications' and topic = 'chat.events.v1' and stream_id = ?""",
                        Long.class, project.id).stream().anyMatch(v -> v >= version));
    }

    // --- mail

    /** Mails the SMTP server took for an address, in the order it took them. */
    protected static List<MimeMessage> mailTo(String address) {
        List<MimeMessage> mine = new ArrayList<>();
        for (MimeMessage m : stack().smtp().receivedMessages()) {
            try {
                Address[] to = m.getRecipients(Message.RecipientType.TO);
                if (to != null && Arrays.stream(to).anyMatch(a -> a.toString().contains(address))) {
                    mine.add(m);
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        return mine;
    }

    protected static List<MimeMessage> awaitMail(Person person, int count) {
        return await("mail to " + person.email()).atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                .until(() -> mailTo(person.email()), mails -> mails.size() >= count);
    }

    /** A delivery row's state, as the log has it. */
    /** The row is marked delivered a moment after the mail server took the email (the pass records its results). */
    protected void awaitDelivered(Person person, String messageId, String channel) {
        await("delivered: " + channel + " of " + messageId + " to " + person.userId())
                .atMost(java.time.Duration.ofSeconds(20))
                .untilAsserted(() -> org.assertj.core.api.Assertions.assertThat(delivery(person, messageId, channel)).containsEntry("state", "DELIVERED"));
    }

    protected Map<String, Object> delivery(Person person, String messageId, String channel) {
        List<Map<String, Object>> rows = jdbc.queryForList(
                "select state, detail, due_at, digest from deliveries where user_id = ? and message_id = ? and channel = ?",
                person.userId(), messageId, channel);
        return rows.isEmpty() ? Map.of() : rows.getFirst();
    }

    protected static String unique() {
        return UUID.randomUUID().toString().substring(0, 8);
    }
}
