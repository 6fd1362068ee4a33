package org.projectchat.eventsourcing;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.projectchat.contract.Actor;
import org.projectchat.contract.ChatEvent;
import org.projectchat.contract.EventEnvelope;
import org.projectchat.contract.EventEnvelopeDeserializer;
import org.projectchat.contract.EventEnvelopeSerializer;
import org.projectchat.contract.EventPayload;
import org.projectchat.contract.MessageKind;
import org.projectchat.contract.ParticipantRole;
import org.projectchat.contract.Topic;
import org.projectchat.contract.Visibility;
import org.projectchat.embedded.EmbeddedServers;
import org.projectchat.embedded.Server;
import org.projectchat.eventsourcing.projection.Projection;
import org.projectchat.eventsourcing.replay.Replay;
import org.projectchat.eventsourcing.replay.ShadowTables;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.listener.BatchMessageListener;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.ContainerProperties;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A projection kept current by a live consumer is replayed from its topic into shadow tables: readers see the old
 * rows throughout, never an empty or half-built table; after the swap the rows are the same, an event published
 * during the replay is there too, and the progress reached 100 %.
 */
@EmbeddedServers({Server.KAFKA, Server.POSTGRES})
class ReplayTest {

    final JdbcTemplate jdbc = Kit.jdbc();

    static void notes(List<EventEnvelope<EventPayload>> events, JdbcTemplate jdbc) {
        for (var e : events) {
            if (e.payload() instanceof ChatEvent.MessagePosted posted) {
                jdbc.update("insert into replay_notes (message_id, project_id, body) values (?, ?, ?)", posted.messageId(),
                        e.streamId(), posted.body());
            } else if (e.payload() instanceof ChatEvent.MessageEdited edited) {
                jdbc.update("update replay_notes set body = ? where message_id = ?", edited.body(), edited.messageId());
            }
        }
    }

    long notesOf(String project) {
        return jdbc.queryForObject("select count(*) from replay_notes where project_id = ?", Long.class, project);
    }

    @Test
    void aReplayKeepsServingTheOldRowsUntilTheNewOnesAreCompleteThenSwapsThemIn() throws Exception {
        jdbc.execute("create table if not exists replay_notes (message_id text primary key, project_id text not null, body text)");
        Projection projection = new Projection("replay-notes", true, ReplayTest::notes, Kit.dataSource());
        String project = Kit.newStream();
        var live = liveConsumer(projection);
        live.start();
        try (var producer = new KafkaProducer<String, EventEnvelope<?>>(Kit.kafka(), new StringSerializer(), new EventEnvelopeSerializer())) {
            long version = 0;
            producer.send(record(project, ++version, new ChatEvent.ProjectChatOpened(project, "P", List.of(
                    new ChatEvent.Participant("u-1", "Una", "una", null, ParticipantRole.EXPERT, "UTC")))));
            for (int i = 0; i < 200; i++) {
                producer.send(record(project, ++version, post("note " + i)));
            }
            producer.send(record(project, ++version, new ChatEvent.MessageEdited(firstMessage, 2, "note 0, edited", List.of())));
            producer.flush();
            await().atMost(Duration.ofSeconds(30)).until(() -> notesOf(project) == 200);
            var before = jdbc.queryForList("select * from replay_notes order by message_id");

            AtomicBoolean replaying = new AtomicBoolean(true);
            AtomicLong fewest = new AtomicLong(Long.MAX_VALUE);
            Thread reader = Thread.ofVirtual().start(() -> {
                while (replaying.get()) {
                    fewest.accumulateAndGet(notesOf(project), Math::min);
                }
            });
            Replay replay = new Replay("replay-notes", List.of(Topic.CHAT_EVENTS), Kit::kafka, () -> live, Clock.systemUTC());
            assertThat(replay.start(new ShadowTables(projection, List.of("replay_notes", "project_rosters", "project_participants"),
                    Kit.dataSource(), Kit.tx()))).isTrue();
            assertThat(replay.start(new ShadowTables(projection, List.of("replay_notes"), Kit.dataSource(), Kit.tx())))
                    .as("a second replay while one runs").isFalse();
            producer.send(record(project, ++version, post("posted during the replay"))).get();
            await().atMost(Duration.ofSeconds(60)).until(() -> replay.progress().state() != Replay.State.REBUILDING);
            replaying.set(false);
            reader.join();

            Replay.Progress done = replay.progress();
            assertThat(done.state()).as(done.error()).isEqualTo(Replay.State.DONE);
            assertThat(done.percent()).isEqualTo(100.0);
            assertThat(done.replayed()).isGreaterThanOrEqualTo(203);
            assertThat(fewest.get()).as("rows readers saw during the replay").isGreaterThanOrEqualTo(200);
            await().atMost(Duration.ofSeconds(10)).until(() -> notesOf(project) == 201);
            var after = jdbc.queryForList("select * from replay_notes where body <> 'posted during the replay' order by message_id");
            assertThat(after).isEqualTo(before);
            assertThat(jdbc.queryForObject("select version from projection_positions where projection = 'replay-notes' and stream_id = ?",
                    Long.class, project)).isEqualTo(version);
            assertThat(jdbc.queryForObject("select count(*) from information_schema.schemata where schema_name like 'replay_%'",
                    Long.class)).as("shadow schemas left behind").isZero();
        } finally {
            live.stop();
        }
    }

    String firstMessage;

    ChatEvent.MessagePosted post(String body) {
        String id = UUID.randomUUID().toString();
        if (firstMessage == null) {
            firstMessage = id;
        }
        return new ChatEvent.MessagePosted(id, 0, null, body, MessageKind.GENERAL, Visibility.EVERYONE, List.of(), List.of(), null);
    }

    static ProducerRecord<String, EventEnvelope<?>> record(String project, long version, ChatEvent event) {
        return new ProducerRecord<>(Topic.CHAT_EVENTS.name(), project, new EventEnvelope<>(org.projectchat.contract.EventIds.next(),
                null, 0, project, version, Instant.now(), new Actor("u-1", "Una", "EXPERT"), null, null, null, event));
    }

    static ConcurrentMessageListenerContainer<String, EventEnvelope<EventPayload>> liveConsumer(Projection projection) {
        Map<String, Object> config = new HashMap<>(Kit.kafka());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "replay-notes-" + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        var factory = new DefaultKafkaConsumerFactory<>(config, new StringDeserializer(), new EventEnvelopeDeserializer());
        var properties = new ContainerProperties(Topic.CHAT_EVENTS.name());
        properties.setMessageListener((BatchMessageListener<String, EventEnvelope<EventPayload>>) records ->
                projection.apply(records.stream().map(ConsumerRecord::value).toList()));
        var container = new ConcurrentMessageListenerContainer<>(factory, properties);
        container.setBeanName("replay-notes-live");
        return container;
    }
}
