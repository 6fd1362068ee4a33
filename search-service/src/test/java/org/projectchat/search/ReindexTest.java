package org.projectchat.search;

import org.junit.jupiter.api.Test;
import org.projectchat.contract.ChatStreamFixture;
import org.projectchat.contract.FileEvent;
import org.projectchat.contract.MessageKind;
import org.projectchat.contract.Visibility;
import org.projectchat.search.index.ChatIndex;
import org.springframework.beans.factory.annotation.Autowired;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class ReindexTest extends SearchServiceTest {

    @Autowired
    ChatIndex index;

    HttpResponse<String> admin(String method) {
        return admin(method, "/admin/search/reindex", STAFF);
    }

    HttpResponse<String> admin(String method, String path, User user) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                    .header("Authorization", "Bearer " + ISSUER.mint(user.userId(), "Sam", null, user.tokenRoles(), Duration.ofMinutes(5)))
                    .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aReindexUnderConcurrentQueriesLosesNoneOfThemAndSwapsTheAlias() throws Exception {
        ChatStreamFixture chat = project();
        String tag = "r" + chat.projectId.substring(4);
        for (int i = 0; i < 40; i++) {
            chat.post(EXPERT.userId(), "EXPERT", tag + " message " + i, Visibility.EVERYONE, MessageKind.GENERAL, List.of());
        }
        String fileId = "0193a6f2-0000-7000-8000-" + chat.projectId.substring(4) + "abcd";
        chat.post(EXPERT.userId(), "EXPERT", tag + " with the spec attached", Visibility.EVERYONE, MessageKind.GENERAL, List.of(fileId));
        awaitSearch(CLIENT, tag, r -> json(r).get("total").asLong() == 41);
        String before = index.currentMessageIndex();

        AtomicBoolean querying = new AtomicBoolean(true);
        AtomicInteger queries = new AtomicInteger();
        Set<String> failures = ConcurrentHashMap.newKeySet();
        Thread client = Thread.ofVirtual().start(() -> {
            while (querying.get()) {
                var r = search(CLIENT, tag);
                queries.incrementAndGet();
                if (r.statusCode() != 200 || json(r).get("total").asLong() < 41) {
                    failures.add(r.statusCode() + " " + r.body());
                }
            }
        });
        assertThat(admin("POST").statusCode()).isEqualTo(202);
        // written while the reindex runs: must be in the new index too
        chat.post(EXPERT.userId(), "EXPERT", tag + " posted during the reindex", Visibility.EVERYONE, MessageKind.GENERAL, List.of());
        String state = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> json(admin("GET")).get("state").asString(), s -> !s.equals("REBUILDING"));
        querying.set(false);
        client.join();
        assertThat(state).isEqualTo("DONE");
        assertThat(failures).as("queries during the reindex").isEmpty();
        assertThat(queries.get()).isGreaterThan(5);
        assertThat(index.currentMessageIndex()).isNotEqualTo(before);
        awaitSearch(CLIENT, tag, r -> json(r).get("total").asLong() == 42);
        assertThat(json(admin("GET")).get("percent").asDouble()).isEqualTo(100.0);
    }

    @Test
    void pausedIndexingKeepsEventsOnTheTopicAndResumesWhereItStopped() throws Exception {
        ChatStreamFixture chat = project();
        String tag = "pz" + chat.projectId.substring(4);
        chat.post(EXPERT.userId(), "EXPERT", tag + " before the pause", Visibility.EVERYONE, MessageKind.GENERAL, List.of());
        awaitSearch(CLIENT, tag, r -> bodies(r).size() == 1);
        assertThat(admin("POST", "/admin/search/indexing/pause", CLIENT).statusCode()).isEqualTo(403);
        try {
            assertThat(json(admin("POST", "/admin/search/indexing/pause", STAFF)).get("pauseRequested").asBoolean()).isTrue();
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> json(admin("GET", "/admin/search/indexing", STAFF)).get("paused").asBoolean());
            chat.post(EXPERT.userId(), "EXPERT", tag + " during the pause", Visibility.EVERYONE, MessageKind.GENERAL, List.of());
            // a bounded look for something that must not happen: well past the one-second refresh
            await().during(Duration.ofMillis(2500)).atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100))
                    .until(() -> bodies(search(CLIENT, tag)).size() == 1);
        } finally {
            assertThat(admin("POST", "/admin/search/indexing/resume", STAFF).statusCode()).isEqualTo(200);
        }
        awaitSearch(CLIENT, tag, r -> bodies(r).size() == 2);
        assertThat(json(admin("GET", "/admin/search/indexing", STAFF)).get("paused").asBoolean()).isFalse();
    }

    @Test
    void attachmentNamesAreSearchableWhicheverEventCameFirst() {
        ChatStreamFixture chat = project();
        String early = "0193a6f2-0000-7000-8000-" + chat.projectId.substring(4) + "0001";
        String late = "0193a6f2-0000-7000-8000-" + chat.projectId.substring(4) + "0002";
        FileEventsFixture files = new FileEventsFixture(chat.projectId);
        files.uploaded(early, "architecture-overview.pdf");
        chat.post(EXPERT.userId(), "EXPERT", "see attached", Visibility.EVERYONE, MessageKind.GENERAL, List.of(early));
        chat.post(OPS.userId(), "PLATFORM_OPS", "internal attachment", Visibility.INTERNAL, MessageKind.GENERAL, List.of(late));
        files.uploaded(late, "salary-negotiation.xlsx");
        awaitSearch(CLIENT, "architecture in:" + chat.projectId, r -> bodies(r).size() == 1);
        awaitSearch(OPS, "salary in:" + chat.projectId, r -> bodies(r).size() == 1);
        assertThat(bodies(search(EXPERT, "salary in:" + chat.projectId))).isEmpty();
        assertThat(bodies(search(CLIENT, "negotiation"))).isEmpty();
    }

    /** file.events.v1 as file-service publishes them: each project's stream numbered from 1. */
    record FileEventsFixture(String projectId) {
        static final java.util.Map<String, java.util.concurrent.atomic.AtomicLong> VERSIONS = new ConcurrentHashMap<>();

        void uploaded(String fileId, String name) {
            long version = VERSIONS.computeIfAbsent(projectId, p -> new java.util.concurrent.atomic.AtomicLong()).incrementAndGet();
            var envelope = org.projectchat.contract.EventEnvelope.of(projectId, version, java.time.Instant.now(),
                    new org.projectchat.contract.Actor(EXPERT.userId(), "Erik", "PARTICIPANT"), null, null, null,
                    new FileEvent.FileUploaded(fileId, name, 1000, "application/pdf", "0".repeat(64)));
            try (var producer = new org.apache.kafka.clients.producer.KafkaProducer<String, org.projectchat.contract.EventEnvelope<?>>(
                    java.util.Map.of("bootstrap.servers", org.projectchat.embedded.EmbeddedServersExtension.sharedStack().kafka().bootstrapServers()),
                    new org.apache.kafka.common.serialization.StringSerializer(), new org.projectchat.contract.EventEnvelopeSerializer())) {
                producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>("file.events.v1", projectId, envelope)).get();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
