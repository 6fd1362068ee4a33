package org.projectchat.chat;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.projectchat.contract.Actor;
import org.projectchat.contract.EventEnvelope;
import org.projectchat.contract.EventEnvelopeSerializer;
import org.projectchat.contract.EventIds;
import org.projectchat.contract.FileEvent;
import org.projectchat.embedded.EmbeddedStack;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.projectchat.chat.ChatClient.EXPERT;

/** A message attaches only files uploaded to its own project (file-service announces them on file.events.v1). */
class AttachmentsTest extends ChatServiceTest {

    static String announce(EmbeddedStack stack, String projectId, String name) throws Exception {
        return announce(stack, projectId, new FileEvent.FileUploaded(EventIds.next().toString(), name, 42,
                "text/plain; charset=utf-8", "0".repeat(64)));
    }

    /** file.events.v1 as file-service publishes them: each project's stream numbered from 1. */
    static final Map<String, java.util.concurrent.atomic.AtomicLong> FILE_STREAMS = new java.util.concurrent.ConcurrentHashMap<>();

    static String announce(EmbeddedStack stack, String projectId, FileEvent.FileUploaded uploaded) throws Exception {
        String fileId = uploaded.fileId();
        long version = FILE_STREAMS.computeIfAbsent(projectId, p -> new java.util.concurrent.atomic.AtomicLong()).incrementAndGet();
        var envelope = EventEnvelope.of(projectId, version, Instant.now(), new Actor(EXPERT.userId(), EXPERT.name(), "PARTICIPANT"),
                null, null, null, uploaded);
        try (var producer = new KafkaProducer<String, EventEnvelope<?>>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                stack.kafka().bootstrapServers()), new StringSerializer(), new EventEnvelopeSerializer())) {
            producer.send(new ProducerRecord<>("file.events.v1", projectId, envelope)).get(10, TimeUnit.SECONDS);
        }
        return fileId;
    }

    @Test
    void onlyFilesUploadedToTheSameProjectMayBeAttached(EmbeddedStack stack) throws Exception {
        ChatClient chat = client();
        String project = chat.openProject();
        String other = chat.openProject();
        String mine = announce(stack, project, "spec.txt");
        String theirs = announce(stack, other, "theirs.txt");

        String photo = announce(stack, project, new FileEvent.FileUploaded(EventIds.next().toString(), "site <1>.jpg", 281229,
                "image/jpeg", "0".repeat(64), 3000, 2000));
        try (var stream = chat.stream(EXPERT, "/projects/" + project + "/stream", null)) {
            var attached = chat.post(EXPERT, "/projects/" + project + "/messages", Map.of("body", "spec attached",
                    "attachmentFileIds", List.of(mine, photo)));
            assertThat(attached.status()).as(attached.body()).isEqualTo(201);
            var message = chat.awaitOk(EXPERT, "/projects/" + project + "/messages/" + attached.json().get("messageId").asString(), r -> true);
            assertThat(message.json().get("attachments").get(0).asString()).isEqualTo(mine);
            // readers see what the files are, in the order attached, without asking file-service
            var files = message.json().get("files");
            assertThat(files.size()).isEqualTo(2);
            assertThat(files.get(0).get("fileId").asString()).isEqualTo(mine);
            assertThat(files.get(0).get("name").asString()).isEqualTo("spec.txt");
            assertThat(files.get(0).get("contentType").asString()).isEqualTo("text/plain; charset=utf-8");
            assertThat(files.get(0).get("size").asLong()).isEqualTo(42);
            assertThat(files.get(0).has("width")).as("not an image").isFalse();
            assertThat(files.get(1).get("name").asString()).isEqualTo("site <1>.jpg");
            assertThat(files.get(1).get("width").asInt()).isEqualTo(3000);
            assertThat(files.get(1).get("height").asInt()).isEqualTo(2000);
            var history = chat.awaitOk(EXPERT, "/projects/" + project + "/messages", r -> r.json().get("items").size() == 1);
            assertThat(history.json().get("items").get(0).get("files")).isEqualTo(files);
            // and so does the live stream
            var live = stream.next(e -> "message.posted".equals(e.event()));
            assertThat(live.json().get("message").get("files")).isEqualTo(files);
            // and the transcript, escaped
            assertThat(chat.get(EXPERT, "/projects/" + project + "/export?format=html").body())
                    .contains("Attached: spec.txt · text/plain; charset=utf-8 · 42 bytes")
                    .contains("Attached: site &lt;1&gt;.jpg · image/jpeg · 281229 bytes");
        }

        var foreign = chat.post(EXPERT, "/projects/" + project + "/messages", Map.of("body", "x", "attachmentFileIds", List.of(theirs)));
        assertThat(foreign.status()).isEqualTo(422);
        assertThat(foreign.body()).contains("attachment-not-in-project").contains(theirs);
        var unknown = chat.post(EXPERT, "/projects/" + project + "/messages",
                Map.of("body", "x", "attachmentFileIds", List.of(EventIds.next().toString())));
        assertThat(unknown.status()).isEqualTo(422);
    }
}
