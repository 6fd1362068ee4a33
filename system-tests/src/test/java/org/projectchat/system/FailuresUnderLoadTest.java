package org.projectchat.system;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.projectchat.dev.DevSystem;
import org.projectchat.embedded.EmbeddedPostgresServer;
import org.projectchat.embedded.Server;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The servers and services die while clients post: Kafka killed ({@code kill -9}), PostgreSQL stopped the hard way
 * (immediate shutdown), Elasticsearch killed, chat-service killed. Readiness goes down and comes back, and every post
 * the service acknowledged reaches the message store, the search index and the mentioned client's notification feed
 * exactly once.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FailuresUnderLoadTest {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static DevSystem system;
    static String project;

    @BeforeAll
    static void openProject() {
        system = RunningSystem.get();
        project = "faults-" + UUID.randomUUID().toString().substring(0, 8);
        var opened = RunningSystem.post(RunningSystem.url("chat-service") + "/projects", "platform", """
                {"projectId":"%s","title":"Faults","participants":[
                  {"userId":"u-erik","displayName":"Erik Expert","handle":"erik","role":"EXPERT"},
                  {"userId":"u-clara","displayName":"Clara Client","handle":"clara","role":"CLIENT"}]}""".formatted(project));
        assertThat(opened.statusCode()).as(opened.body()).isEqualTo(201);
    }

    /** Clients posting until stopped; what the service acknowledged. */
    static final class Writers implements AutoCloseable {
        final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        final AtomicInteger refused = new AtomicInteger();
        final AtomicBoolean running = new AtomicBoolean(true);
        static final int COUNT = 4;
        final ExecutorService pool = Executors.newFixedThreadPool(COUNT);

        final String tag;

        Writers(String tag) {
            this.tag = tag;
            for (int w = 0; w < COUNT; w++) {
                int writer = w;
                pool.submit(() -> {
                    for (int n = 0; running.get(); n++) {
                        String id = tag + "-" + writer + "-" + n;
                        try {
                            var r = RunningSystem.post(RunningSystem.url("chat-service") + "/projects/" + project + "/messages", "expert",
                                    "{\"body\":\"@clara " + id + " under load by " + word(tag, writer) + "\",\"clientMessageId\":\"" + id + "\"}");
                            if (r.statusCode() == 201) {
                                acknowledged.add(id);
                            } else {
                                refused();
                            }
                        } catch (RuntimeException unreachable) {
                            refused();
                        }
                    }
                });
            }
        }

        /** A post refused or unanswered: the next one waits until chat-service answers at all (up, ready or not). */
        private void refused() {
            refused.incrementAndGet();
            try {
                await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(50))
                        .until(() -> !running.get() || RunningSystem.readiness("chat-service") != 0);
            } catch (RuntimeException stillDown) {
                // the test's own deadlines say what went wrong; this writer tries again
            }
        }

        void awaitAcknowledged(int more) {
            int from = acknowledged.size();
            await().atMost(Duration.ofSeconds(60)).until(() -> acknowledged.size() >= from + more);
        }

        @Override
        public void close() {
            running.set(false);
            pool.close();
        }
    }

    /** Every acknowledged post in the message store once, and the search index holding what the store holds. */
    static void everyAcknowledgedPostOnce(String tag, Set<String> acknowledged) {
        await("the message store has every acknowledged post").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> {
                    Map<String, Integer> seen = storedClientIds();
                    for (String id : acknowledged) {
                        assertThat(seen.getOrDefault(id, 0)).as("post " + id + " in the message store").isEqualTo(1);
                    }
                });
        Map<String, Integer> all = storedClientIds();
        long stored = all.size();
        // the search total is exact up to 10,000 matches: count each writer's posts of this step by the word only they
        // use (a step whose outage lasts long posts more than 10,000 in all)
        await("the search index has what the message store has").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> {
                    for (int w = 0; w < Writers.COUNT; w++) {
                        String prefix = tag + "-" + w + "-";
                        long ofWriter = all.keySet().stream().filter(id -> id.startsWith(prefix)).count();
                        assertThat(searchTotal(word(tag, w))).as("posts of writer " + w + " found by search").isEqualTo(ofWriter);
                    }
                });
        await("the mentioned client's notification feed has each post once").atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
                    Map<String, Integer> notified = notifiedPosts();
                    for (String id : acknowledged) {
                        assertThat(notified.getOrDefault(id, 0)).as("notification of post " + id).isEqualTo(1);
                    }
                    assertThat(notified.size()).isEqualTo(stored);
                });
    }

    /** A word of one writer's posts in one step, so that search counts them apart. */
    static String word(String tag, int writer) {
        return tag + "w" + writer;
    }

    static Map<String, Integer> storedClientIds() {
        Map<String, Integer> seen = new HashMap<>();
        String before = "";
        while (true) {
            var page = RunningSystem.get(RunningSystem.url("chat-service") + "/projects/" + project + "/messages?limit=200" + before, "ops");
            assertThat(page.statusCode()).isEqualTo(200);
            JsonNode json = JSON.readTree(page.body());
            json.get("items").forEach(m -> {
                if (m.hasNonNull("clientMessageId")) {
                    seen.merge(m.get("clientMessageId").asString(), 1, Integer::sum);
                }
            });
            if (json.get("nextBefore") == null || json.get("nextBefore").isNull()) {
                return seen;
            }
            before = "&before=" + json.get("nextBefore").asLong();
        }
    }

    /** The client's in-app notifications of this project, counted by the post they are about (its words say which). */
    static Map<String, Integer> notifiedPosts() {
        Map<String, Integer> seen = new HashMap<>();
        String before = "";
        while (true) {
            var page = RunningSystem.get(RunningSystem.url("notification-service") + "/notifications?limit=200" + before, "client");
            assertThat(page.statusCode()).isEqualTo(200);
            JsonNode json = JSON.readTree(page.body());
            json.get("items").forEach(n -> {
                if (n.get("projectId").asString().equals(project)) {
                    String excerpt = n.get("excerpt").asString();
                    seen.merge(excerpt.substring("@clara ".length(), excerpt.indexOf(" under load")), 1, Integer::sum);
                }
            });
            if (json.get("nextBefore") == null || json.get("nextBefore").isNull()) {
                return seen;
            }
            before = "&before=" + json.get("nextBefore").asLong();
        }
    }

    static long searchTotal(String word) {
        var r = RunningSystem.get(RunningSystem.url("search-service") + "/search?q="
                + URLEncoder.encode(word + " in:" + project, StandardCharsets.UTF_8) + "&limit=1", "ops");
        if (r.statusCode() != 200) {
            return -1;
        }
        JsonNode page = JSON.readTree(r.body());
        assertThat(page.get("totalExact").asBoolean()).as("an exact total").isTrue();
        return page.get("total").asLong();
    }

    @Test
    @Order(1)
    void kafkaKilledWhilePostsAreAcknowledged() {
        try (Writers writers = new Writers("kafka")) {
            writers.awaitAcknowledged(50);
            system.kafka().kill();
            await("chat-service not ready without Kafka").atMost(Duration.ofSeconds(30)).until(() -> RunningSystem.readiness("chat-service") == 503);
            writers.awaitAcknowledged(20); // the event store takes posts; the outbox keeps them for Kafka
            system.kafka().restart();
            await("chat-service ready again").atMost(Duration.ofSeconds(90)).until(() -> RunningSystem.readiness("chat-service") == 200);
            writers.awaitAcknowledged(50);
            writers.close();
            everyAcknowledgedPostOnce(writers.tag, writers.acknowledged);
        }
    }

    @Test
    @Order(2)
    void postgresStoppedImmediatelyWhilePostsAreAcknowledged() throws Exception {
        try (Writers writers = new Writers("postgres")) {
            writers.awaitAcknowledged(50);
            var postmaster = EmbeddedPostgresServer.postmaster(system.stack().dataDir().resolve("postgres")).orElseThrow();
            // pg_ctl stop -m immediate is SIGQUIT to the postmaster: no checkpoint, crash recovery at the next start
            assertThat(new ProcessBuilder("kill", "-QUIT", Long.toString(postmaster.pid())).start().waitFor()).isZero();
            await("chat-service not ready without PostgreSQL").atMost(Duration.ofSeconds(30)).until(() -> RunningSystem.readiness("chat-service") == 503);
            system.stack().restart(Server.POSTGRES);
            await("chat-service ready again").atMost(Duration.ofSeconds(90)).until(() -> RunningSystem.readiness("chat-service") == 200);
            writers.awaitAcknowledged(50);
            writers.close();
            everyAcknowledgedPostOnce(writers.tag, writers.acknowledged);
        }
    }

    @Test
    @Order(3)
    void elasticsearchKilledWhilePostsAreAcknowledged() {
        try (Writers writers = new Writers("elasticsearch")) {
            writers.awaitAcknowledged(50);
            system.elasticsearch().kill();
            await("search-service not ready without Elasticsearch").atMost(Duration.ofSeconds(60))
                    .until(() -> RunningSystem.readiness("search-service") == 503);
            writers.awaitAcknowledged(30); // posting does not need search
            system.elasticsearch().restart();
            await("search-service ready again").atMost(Duration.ofSeconds(90)).until(() -> RunningSystem.readiness("search-service") == 200);
            writers.close();
            everyAcknowledgedPostOnce(writers.tag, writers.acknowledged);
        }
    }

    @Test
    @Order(4)
    void aServiceThatDiesIsStartedAgainBySupervision() {
        var chat = system.service("chat-service");
        int restarts = chat.restarts();
        try (Writers writers = new Writers("crash")) {
            writers.awaitAcknowledged(30);
            chat.kill();
            await("chat-service started again").atMost(Duration.ofSeconds(120)).until(() -> chat.restarts() > restarts
                    && RunningSystem.readiness("chat-service") == 200);
            writers.awaitAcknowledged(30);
            writers.close();
            everyAcknowledgedPostOnce(writers.tag, writers.acknowledged);
        }
    }
}
