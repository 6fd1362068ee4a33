package org.projectchat.chat;

import org.junit.jupiter.api.Test;
import org.projectchat.baseline.ops.Poison;
import org.projectchat.contract.Topic;
import org.projectchat.embedded.EmbeddedStack;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.projectchat.chat.ChatClient.EXPERT;
import static org.projectchat.chat.ChatClient.STAFF;

/**
 * A record a consumer cannot read, or whose event it cannot apply, goes to that consumer's dead-letter topic with
 * where it came from and why, is counted, and the consumer goes on with what follows.
 */
class DeadLetterTest extends ChatServiceTest {

    @Test
    void poisonOnEachInputTopicIsSetAsideAndTheConsumersGoOn(EmbeddedStack stack) {
        String kafka = stack.kafka().bootstrapServers();
        ChatClient chat = client();
        String project = chat.openProject();

        var unreadable = Poison.send(kafka, Topic.CHAT_EVENTS.name(), project, "{not json".getBytes(StandardCharsets.UTF_8));
        assertThat(Poison.awaitDeadLetter(kafka, "chat-message-store", unreadable).value())
                .isEqualTo("{not json".getBytes(StandardCharsets.UTF_8));

        // well-formed, but a post without a kind cannot go in the message store
        String stranger = "poison-" + UUID.randomUUID();
        var unappliable = Poison.send(kafka, Topic.CHAT_EVENTS.name(), stranger, ("""
                {"eventId":"%s","type":"MessagePosted","schemaVersion":1,"streamId":"%s","streamVersion":1,
                 "occurredAt":"%s","actor":{"userId":"u-x","displayName":"X","role":"EXPERT"},
                 "payload":{"messageId":"%s","position":1,"body":"no kind","visibility":"EVERYONE"}}""")
                .formatted(UUID.randomUUID(), stranger, Instant.now(), UUID.randomUUID()).getBytes(StandardCharsets.UTF_8));
        Poison.awaitDeadLetter(kafka, "chat-message-store", unappliable);

        var unreadableFile = Poison.send(kafka, Topic.FILE_EVENTS.name(), project, "\u0000\u0001".getBytes(StandardCharsets.UTF_8));
        Poison.awaitDeadLetter(kafka, "chat-project-files", unreadableFile);

        // the message store went on
        assertThat(chat.post(EXPERT, "/projects/" + project + "/messages", Map.of("body", "after the poison")).status()).isEqualTo(201);
        chat.awaitOk(STAFF, "/projects/" + project + "/messages", r -> r.body().contains("after the poison"));
        assertThat(chat.get(STAFF, "/actuator/prometheus").body())
                .contains("kafka_consumer_dead_letters_total{application=\"chat-service\",group=\"chat-message-store\",topic=\"chat.events.v1\"}");
    }
}
