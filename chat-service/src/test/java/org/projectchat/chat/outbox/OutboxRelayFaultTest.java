package org.projectchat.chat.outbox;

import org.projectchat.outbox.OutboxRelay;
import org.projectchat.outbox.OutboxRelayProperties;
import org.projectchat.outbox.OutboxSignal;
import org.projectchat.outbox.OutboxTable;

import org.junit.jupiter.api.Test;
import org.projectchat.chat.ChatClient;
import org.projectchat.chat.ChatServiceTest;
import org.projectchat.contract.EventJson;
import org.projectchat.embedded.EmbeddedStack;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.projectchat.chat.ChatClient.EXPERT;

/**
 * The relay is stopped and restarted while posts keep coming, and once dies right after a Kafka
 * commit (before deleting its outbox rows): Kafka still ends up with every event exactly once,
 * in stream order per project.
 */
class OutboxRelayFaultTest extends ChatServiceTest {

    @Autowired
    OutboxRelay relay;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    javax.sql.DataSource dataSource;

    @Autowired
    org.springframework.boot.kafka.autoconfigure.KafkaProperties kafka;

    @Autowired
    OutboxRelayProperties properties;

    @Autowired
    OutboxTable table;

    @Test
    void killingTheRelayMidStreamLosesAndDuplicatesNothingAndKeepsPerProjectOrder(EmbeddedStack stack) throws Exception {
        ChatClient chat = client();
        List<String> projects = List.of(chat.openProject(), chat.openProject(), chat.openProject());
        AtomicInteger crashes = new AtomicInteger();
        Runnable crashOnce = () -> {
            if (crashes.getAndIncrement() == 3) {
                throw new IllegalStateException("simulated crash between Kafka commit and outbox delete");
            }
        };
        relay.afterKafkaCommit(crashOnce);
        // a second instance's relay runs beside this one's: only one may publish at a time
        OutboxRelay second = new OutboxRelay(table, dataSource, jdbc, kafka::buildProducerProperties, properties,
                new OutboxSignal(jdbc, table));
        second.afterKafkaCommit(crashOnce);
        second.start();
        try {
            burst(chat, projects, second, crashes);
        } finally {
            second.stop();
            relay.afterKafkaCommit(() -> { });
            if (!relay.isRunning()) {
                relay.start();
            }
        }
        verifyKafka(stack, projects);
    }

    void burst(ChatClient chat, List<String> projects, OutboxRelay second, AtomicInteger crashes) throws Exception {
        Set<Integer> failures = ConcurrentHashMap.newKeySet();
        Set<String> bothLeading = ConcurrentHashMap.newKeySet();
        Thread watcher = Thread.ofVirtual().start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                if (relay.isLeader() && second.isLeader()) {
                    bothLeading.add("at " + System.nanoTime());
                }
                Thread.onSpinWait();
            }
        });
        try (var pool = Executors.newFixedThreadPool(6)) {
            int commitsSeen = 0;
            for (int i = 0; i < 300; i++) {
                if (i > 0 && i % 50 == 0) {
                    // the relays must be publishing while the posts come and the kills happen: on a fast
                    // machine the 300 posts were all in before a restarted relay had committed once
                    commitsSeen = awaitCommitAfter(crashes, commitsSeen);
                }
                int n = i;
                pool.submit(() -> {
                    var r = chat.post(EXPERT, "/projects/" + projects.get(n % 3) + "/messages",
                            Map.of("body", "message " + n, "clientMessageId", "c-" + n));
                    if (r.status() != 201) {
                        failures.add(r.status());
                    }
                });
                if (i == 100 || i == 200) {
                    relay.stop();   // a killed relay: whatever it was doing is cut off
                    relay.start();
                }
            }
        }
        watcher.interrupt();
        assertThat(failures).isEmpty();
        assertThat(bothLeading).as("two relays publishing at once").isEmpty();
        assertThat(crashes.get()).isGreaterThan(3);

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (relay.backlog() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(relay.backlog()).isZero();
    }

    /** Waits (20 s at most) until a relay has committed to Kafka more often than {@code seen}; the count then. */
    static int awaitCommitAfter(AtomicInteger commits, int seen) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (commits.get() <= seen && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        return commits.get();
    }

    void verifyKafka(EmbeddedStack stack, List<String> projects) {

        Map<String, List<Long>> versions = new HashMap<>();
        Set<String> eventIds = new java.util.HashSet<>();
        int duplicates = 0;
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "fault-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        long expected = 0;
        for (String p : projects) {
            expected += jdbc.queryForObject("select count(*) from events where stream_id = ?", Long.class, p);
        }
        try (var consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of("chat.events.v1"));
            long seen = 0;
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (seen < expected && System.nanoTime() < until) {
                for (var record : consumer.poll(Duration.ofMillis(200))) {
                    if (!projects.contains(record.key())) {
                        continue;
                    }
                    var event = EventJson.read(record.value());
                    if (!eventIds.add(event.eventId().toString())) {
                        duplicates++;
                    }
                    versions.computeIfAbsent(record.key(), k -> new ArrayList<>()).add(event.streamVersion());
                    seen++;
                }
            }
            // a little longer: anything extra would be a duplicate
            for (var record : consumer.poll(Duration.ofSeconds(1))) {
                if (projects.contains(record.key())) {
                    duplicates++;
                }
            }
        }
        assertThat(duplicates).isZero();
        for (String p : projects) {
            long count = jdbc.queryForObject("select count(*) from events where stream_id = ?", Long.class, p);
            List<Long> expectedOrder = java.util.stream.LongStream.rangeClosed(1, count).boxed().toList();
            assertThat(versions.get(p)).as("versions of " + p + " on Kafka").isEqualTo(expectedOrder);
        }
    }
}
