package org.projectchat.chat;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.projectchat.chat.messages.MessageStoreListener;
import org.projectchat.contract.ChatEvent;
import org.projectchat.contract.CloudEventHeaders;
import org.projectchat.contract.EventJson;
import org.projectchat.contract.Topic;
import org.projectchat.embedded.EmbeddedStack;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.projectchat.chat.ChatClient.CLIENT;
import static org.projectchat.chat.ChatClient.EXPERT;
import static org.projectchat.chat.ChatClient.STAFF;

class PostTravelsTest extends ChatServiceTest {

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    KafkaListenerEndpointRegistry listeners;

    @Test
    void aPostTravelsFromTheEventStoreToTheMessageStoreKafkaAndTheLiveStream(EmbeddedStack stack) throws Exception {
        ChatClient chat = client();
        String projectId = chat.openProject();
        try (var stream = chat.stream(CLIENT, "/projects/" + projectId + "/stream", null)) {
            assertThat(stream.status).isEqualTo(200); // a stream opened without Last-Event-ID gets all that follows

            var posted = chat.post(EXPERT, "/projects/" + projectId + "/messages", Map.of(
                    "body", "Progress: ETL done.\n```python\nprint('@clara')\n```\ncc @clara",
                    "kind", "PROGRESS_UPDATE", "clientMessageId", "c-1"));
            assertThat(posted.status()).isEqualTo(201);
            String messageId = posted.json().get("messageId").asString();

            // 1. the event store holds it
            assertThat(jdbc.queryForObject("select type from events where stream_id = ? and entity_id = ?",
                    String.class, projectId, messageId)).isEqualTo("MessagePosted");

            // 2. Kafka carries it, keyed by project, with CloudEvents headers
            ConsumerRecord<String, byte[]> record = consumeUntil(stack, projectId, "MessagePosted");
            assertThat(record.key()).isEqualTo(projectId);
            assertThat(CloudEventHeaders.read(record.headers(), "ce_type")).isEqualTo("org.projectchat.chat.MessagePosted");
            assertThat(CloudEventHeaders.read(record.headers(), "ce_specversion")).isEqualTo("1.0");
            assertThat(CloudEventHeaders.read(record.headers(), "ce_source")).isEqualTo("/projectchat/chat.events.v1");
            assertThat(CloudEventHeaders.read(record.headers(), "ce_time")).isNotBlank();
            assertThat(CloudEventHeaders.read(record.headers(), "traceparent")).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01");
            var event = EventJson.read(record.value());
            assertThat(CloudEventHeaders.read(record.headers(), "ce_id")).isEqualTo(event.eventId().toString());
            assertThat(CloudEventHeaders.read(record.headers(), "ce_subject")).isEqualTo(event.streamId());
            assertThat(CloudEventHeaders.read(record.headers(), "ce_streamversion")).isEqualTo(Long.toString(event.streamVersion()));
            var payload = (ChatEvent.MessagePosted) event.payload();
            assertThat(payload.mentions()).containsExactly(ChatEvent.Mention.user("u-client", "clara"));

            // 3. the message store has it, with sender info and UTC timestamps
            var history = chat.awaitOk(CLIENT, "/projects/" + projectId + "/messages",
                    r -> r.json().get("items").size() == 1);
            var message = history.json().get("items").get(0);
            assertThat(message.get("messageId").asString()).isEqualTo(messageId);
            assertThat(message.get("sender").get("displayName").asString()).isEqualTo("Erik Expert");
            assertThat(message.get("sender").get("role").asString()).isEqualTo("EXPERT");
            assertThat(message.get("kind").asString()).isEqualTo("PROGRESS_UPDATE");
            assertThat(message.get("body").asString()).contains("```python\nprint('@clara')\n```");
            assertThat(message.get("postedAt").asString()).endsWith("Z");

            // 4. the live stream delivers it
            var sse = stream.next(e -> "message.posted".equals(e.event()));
            assertThat(sse.json().get("message").get("messageId").asString()).isEqualTo(messageId);
            assertThat(sse.id()).matches("\\d+");

            // 5. monitoring sees the message store caught up: its committed offset reaches the end of the
            // partition, past the transaction's commit marker, so lag dashboards show zero, not one
            var partition = new TopicPartition(record.topic(), record.partition());
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers()))) {
                long end = admin.listOffsets(Map.of(partition, OffsetSpec.latest())).all().get().get(partition).offset();
                await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                    var offset = admin.listConsumerGroupOffsets("chat-message-store").partitionsToOffsetAndMetadata().get().get(partition);
                    assertThat(offset == null ? -1 : offset.offset()).isEqualTo(end);
                });
            }
        }
    }

    @Test
    void aPostIsInHistoryAndOnTheLiveStreamWhenItsAuthorIsAnsweredWithoutWaitingForKafka() throws Exception {
        ChatClient chat = client();
        String projectId = chat.openProject();
        var consumer = listeners.getListenerContainer(MessageStoreListener.ID);
        consumer.stop(); // nothing reaches the message store over the topic meanwhile
        try (var stream = chat.stream(CLIENT, "/projects/" + projectId + "/stream", null)) {
            var posted = chat.post(EXPERT, "/projects/" + projectId + "/messages", Map.of("body", "stored at once"));
            assertThat(posted.status()).isEqualTo(201);
            String messageId = posted.json().get("messageId").asString();

            var history = chat.get(CLIENT, "/projects/" + projectId + "/messages");
            assertThat(history.json().get("items").get(0).get("messageId").asString()).isEqualTo(messageId);
            assertThat(stream.next(e -> "message.posted".equals(e.event())).json().get("message").get("messageId").asString())
                    .isEqualTo(messageId);
        } finally {
            consumer.start();
        }
        // the consumer, back, finds it applied and applies it no second time
        chat.awaitOk(STAFF, "/projects/" + projectId + "/unread", r -> consumerCaughtUp());
        assertThat(jdbc.queryForObject("select count(*) from messages where project_id = ?", Long.class, projectId)).isOne();
    }

    private boolean consumerCaughtUp() {
        return jdbc.queryForObject("select coalesce(sum(version), 0) from projection_positions where projection = 'message-store'",
                Long.class).equals(jdbc.queryForObject("select count(*) from events", Long.class));
    }

    @Test
    void theSameClientIdPostedTwiceYieldsOneMessage() {
        ChatClient chat = client();
        String projectId = chat.openProject();
        String clientId = UUID.randomUUID().toString();
        var first = chat.post(EXPERT, "/projects/" + projectId + "/messages", Map.of("body", "once", "clientMessageId", clientId));
        var second = chat.post(EXPERT, "/projects/" + projectId + "/messages", Map.of("body", "once", "clientMessageId", clientId));
        assertThat(first.status()).isEqualTo(201);
        assertThat(second.status()).isEqualTo(200);
        assertThat(second.raw().headers().firstValue("Idempotent-Replayed")).contains("true");
        assertThat(second.json().get("messageId").asString()).isEqualTo(first.json().get("messageId").asString());
        assertThat(jdbc.queryForObject("select count(*) from events where stream_id = ? and type = 'MessagePosted'",
                Long.class, projectId)).isEqualTo(1);
        chat.awaitOk(EXPERT, "/projects/" + projectId + "/messages", r -> r.json().get("items").size() == 1);
    }

    static ConsumerRecord<String, byte[]> consumeUntil(EmbeddedStack stack, String projectId, String type) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (var consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topic.CHAT_EVENTS.name()));
            return await(type + " of " + projectId + " on Kafka").atMost(Duration.ofSeconds(20)).until(() -> {
                for (var record : consumer.poll(Duration.ofMillis(200))) {
                    if (projectId.equals(record.key()) && type.equals(EventJson.read(record.value()).type())) {
                        return record;
                    }
                }
                return null;
            }, java.util.Objects::nonNull);
        }
    }
}
