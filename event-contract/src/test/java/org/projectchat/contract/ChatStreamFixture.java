package org.projectchat.contract;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Publishes one project's chat events to a real Kafka, numbered from 1, as chat-service would:
 * for the tests of services that consume chat.events.v1. Keeps what it sent, for replays.
 */
public final class ChatStreamFixture {

    public final String projectId;
    private final String bootstrapServers;
    private final List<EventEnvelope<EventPayload>> sent = new ArrayList<>();
    private long version;

    public ChatStreamFixture(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
        this.projectId = "prj-" + UUID.randomUUID().toString().substring(0, 8);
    }

    public ChatStreamFixture open(List<ChatEvent.Participant> participants) {
        publish(new ChatEvent.ProjectChatOpened(projectId, "Project " + projectId, participants));
        return this;
    }

    /** Posts a message as {@code author}; returns its id. */
    public String post(String authorId, String authorRole, String body, Visibility visibility, MessageKind kind,
                       List<String> fileIds) {
        String messageId = EventIds.next().toString();
        publishAs(new Actor(authorId, authorId, authorRole), new ChatEvent.MessagePosted(messageId, version + 1, null, body, kind,
                visibility, fileIds, List.of(), null));
        return messageId;
    }

    public void publish(ChatEvent event) {
        publishAs(new Actor("svc-chat", "chat-service", "PLATFORM_SERVICE"), event);
    }

    public void publishAs(Actor actor, ChatEvent event) {
        publishAs(actor, event, Instant.now());
    }

    /** Publishes with the given event time (timers run from event time: a test's clock, not the wall clock). */
    public void publishAs(Actor actor, ChatEvent event, Instant occurredAt) {
        EventEnvelope<EventPayload> envelope = EventEnvelope.of(projectId, ++version, occurredAt, actor, null, null, null, event);
        try (var producer = new KafkaProducer<String, EventEnvelope<?>>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers), new StringSerializer(), new EventEnvelopeSerializer())) {
            producer.send(new ProducerRecord<>(Topic.CHAT_EVENTS.name(), projectId, envelope)).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        sent.add(envelope);
    }

    /** Everything published so far, in order. */
    public List<EventEnvelope<EventPayload>> sent() {
        return List.copyOf(sent);
    }
}
