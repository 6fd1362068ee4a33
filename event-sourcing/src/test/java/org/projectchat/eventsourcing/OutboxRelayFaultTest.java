package org.projectchat.eventsourcing;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.projectchat.contract.ChatEvent;
import org.projectchat.contract.EventJson;
import org.projectchat.contract.MessageKind;
import org.projectchat.contract.Topic;
import org.projectchat.contract.Visibility;
import org.projectchat.embedded.EmbeddedServers;
import org.projectchat.embedded.EmbeddedStack;
import org.projectchat.embedded.Server;
import org.projectchat.eventsourcing.outbox.OutboxRelay;
import org.projectchat.eventsourcing.outbox.OutboxRelayProperties;
import org.projectchat.eventsourcing.outbox.OutboxSignal;
import org.projectchat.eventsourcing.store.EventStore;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two relays (two instances of a service) run beside each other while appends keep coming; one is stopped and
 * restarted twice, and once a relay dies right after a Kafka commit, before deleting its outbox rows (PostgreSQL
 * refuses that delete, as a crash would cut it off): Kafka still ends up with every event exactly once, in stream
 * order, and never were both relays publishing at once.
 */
@EmbeddedServers({Server.KAFKA, Server.POSTGRES})
class OutboxRelayFaultTest {

    final JdbcTemplate jdbc = Kit.jdbc();
    final OutboxRelayProperties properties = new OutboxRelayProperties(true, 50, Duration.ofSeconds(1), Duration.ofMillis(2),
            Duration.ofMillis(200), null);

    /** The fourth delete of outbox rows fails; a sequence counts attempts, as it is not rolled back with them. */
    @BeforeEach
    void crashTheFourthOutboxDelete() {
        jdbc.execute("create sequence if not exists outbox_deletes");
        jdbc.execute("select setval('outbox_deletes', 1, false)");
        jdbc.execute("""
                create or replace function crash_fourth_outbox_delete() returns trigger language plpgsql as $$
                begin
                    if nextval('outbox_deletes') = 4 then
                        raise exception 'simulated crash between Kafka commit and outbox delete';
                    end if;
                    return null;
                end $$""");
        jdbc.execute("create trigger crash_fourth_outbox_delete before delete on outbox "
                + "for each statement execute function crash_fourth_outbox_delete()");
    }

    @AfterEach
    void removeTheCrash() {
        jdbc.execute("drop trigger if exists crash_fourth_outbox_delete on outbox");
    }

    /** Outbox deletes attempted so far: about one per Kafka commit. */
    long deletes() {
        return jdbc.queryForObject("select case when is_called then last_value else 0 end from outbox_deletes", Long.class);
    }

    OutboxRelay relay(OutboxSignal signal) {
        return new OutboxRelay(Kit.NAME, List.of(Topic.CHAT_EVENTS), Kit.dataSource(), Kit::kafka, properties, signal,
                Kit.notifications(), org.projectchat.baseline.ops.EventTraces.none());
    }

    @Test
    void killingTheRelayMidStreamLosesAndDuplicatesNothingAndKeepsPerProjectOrder(EmbeddedStack stack) {
        OutboxSignal signal = new OutboxSignal(jdbc, Kit.NAME);
        signal.start();
        EventStore store = Kit.store(signal);
        OutboxRelay relay = relay(signal);
        OutboxRelay second = relay(new OutboxSignal(jdbc, Kit.NAME));
        List<String> projects = List.of(Kit.newStream(), Kit.newStream(), Kit.newStream());
        relay.start();
        second.start();
        try {
            burst(store, relay, second, projects);
        } finally {
            relay.stop();
            second.stop();
            signal.stop();
        }
        verifyKafka(stack, projects);
    }

    @Test
    void aPoisonRecordInTheTopicsTailDoesNotStopTheRelay(EmbeddedStack stack) throws Exception {
        String project = Kit.newStream();
        Map<String, Object> config = new HashMap<>(Kit.kafka());
        try (var producer = new org.apache.kafka.clients.producer.KafkaProducer<>(config,
                new org.apache.kafka.common.serialization.StringSerializer(),
                new org.apache.kafka.common.serialization.ByteArraySerializer())) {
            producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(Topic.CHAT_EVENTS.name(), project,
                    "{not an event".getBytes(java.nio.charset.StandardCharsets.UTF_8))).get();
        }
        OutboxSignal signal = new OutboxSignal(jdbc, Kit.NAME);
        signal.start();
        OutboxRelay relay = relay(signal);
        relay.start(); // on taking the lead it reads the topic's committed tail, poison record included
        try {
            Kit.store(signal).append(project, EventStore.ANY_VERSION, List.of(new ChatEvent.MessagePosted(UUID.randomUUID().toString(),
                    0, "c-after-poison", "after the poison", MessageKind.GENERAL, Visibility.EVERYONE, List.of(), List.of(), null)),
                    Kit.by("u-1"), null);
            await("the event published behind the poison record").atMost(Duration.ofSeconds(30)).until(() -> Kit.outboxBacklog() == 0);
        } finally {
            relay.stop();
            signal.stop();
        }
        Map<String, Object> consumerConfig = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "poison-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (var consumer = new KafkaConsumer<>(consumerConfig, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topic.CHAT_EVENTS.name()));
            List<String> bodies = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (var record : consumer.poll(Duration.ofMillis(200))) {
                    if (project.equals(record.key()) && !new String(record.value(), java.nio.charset.StandardCharsets.UTF_8)
                            .startsWith("{not an event")) {
                        bodies.add(((ChatEvent.MessagePosted) EventJson.read(record.value()).payload()).body());
                    }
                }
                return !bodies.isEmpty();
            });
            assertThat(bodies).containsExactly("after the poison");
        }
    }

    void burst(EventStore store, OutboxRelay relay, OutboxRelay second, List<String> projects) {
        Set<String> failures = ConcurrentHashMap.newKeySet();
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
            for (int i = 0; i < 300; i++) {
                if (i > 0 && i % 50 == 0) {
                    // the relays must be publishing while the appends come and the crash happens
                    long seen = deletes();
                    await().atMost(Duration.ofSeconds(20)).until(() -> deletes() > seen);
                }
                int n = i;
                pool.submit(() -> {
                    try {
                        store.append(projects.get(n % 3), EventStore.ANY_VERSION, List.of(new ChatEvent.MessagePosted(
                                UUID.randomUUID().toString(), 0, "c-" + n, "message " + n, MessageKind.GENERAL, Visibility.EVERYONE,
                                List.of(), List.of(), null)), Kit.by("u-1"), null);
                    } catch (RuntimeException e) {
                        failures.add(e.toString());
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
        assertThat(deletes()).as("outbox deletes, the fourth of which crashed").isGreaterThan(4);
        await().atMost(Duration.ofSeconds(30)).until(() -> Kit.outboxBacklog() == 0);
    }

    void verifyKafka(EmbeddedStack stack, List<String> projects) {
        Map<String, List<Long>> versions = new HashMap<>();
        Set<String> eventIds = new HashSet<>();
        int[] duplicates = {0};
        long expected = 0;
        for (String p : projects) {
            expected += jdbc.queryForObject("select count(*) from events where stream_id = ?", Long.class, p);
        }
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "fault-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (var consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topic.CHAT_EVENTS.name()));
            long total = expected;
            long[] seen = {0};
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (var record : consumer.poll(Duration.ofMillis(200))) {
                    if (projects.contains(record.key())) {
                        var event = EventJson.read(record.value());
                        if (!eventIds.add(event.eventId().toString())) {
                            duplicates[0]++;
                        }
                        versions.computeIfAbsent(record.key(), k -> new ArrayList<>()).add(event.streamVersion());
                        seen[0]++;
                    }
                }
                return seen[0] >= total;
            });
            // a little longer: anything extra would be a duplicate
            for (var record : consumer.poll(Duration.ofSeconds(1))) {
                if (projects.contains(record.key())) {
                    duplicates[0]++;
                }
            }
        }
        assertThat(duplicates[0]).isZero();
        for (String p : projects) {
            long count = jdbc.queryForObject("select count(*) from events where stream_id = ?", Long.class, p);
            assertThat(versions.get(p)).as("versions of " + p + " on Kafka")
                    .isEqualTo(LongStream.rangeClosed(1, count).boxed().toList());
        }
    }
}
