package org.projectchat.chat.rebuild;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.projectchat.chat.messages.MessageStoreListener;
import org.projectchat.contract.Topic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

/**
 * Rebuilds the message store from zero by replaying chat.events.v1: stops the projection, empties
 * its tables, moves its consumer group to the start of the topic and lets it run again. Progress is
 * how far the group has come through the topic. The live feed is left as it is: replayed rows are
 * already in it and are not added again.
 */
@Component
public class MessageStoreRebuild {

    private static final Logger log = LoggerFactory.getLogger(MessageStoreRebuild.class);

    public enum State { IDLE, REBUILDING, DONE, FAILED }

    public record Progress(State state, Instant startedAt, Instant finishedAt, long events, long replayed,
                           double percent, String error) {
    }

    private final KafkaListenerEndpointRegistry registry;
    private final KafkaAdmin kafkaAdmin;
    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final String groupId;
    private final AtomicReference<Progress> last = new AtomicReference<>(
            new Progress(State.IDLE, null, null, 0, 0, 0, null));

    public MessageStoreRebuild(KafkaListenerEndpointRegistry registry, KafkaAdmin kafkaAdmin, JdbcTemplate jdbc, Clock clock,
                               @Value("${chat.message-store.group-id:chat-message-store}") String groupId) {
        this.registry = registry;
        this.kafkaAdmin = kafkaAdmin;
        this.jdbc = jdbc;
        this.clock = clock;
        this.groupId = groupId;
    }

    /** Starts a rebuild; false if one is already running. */
    public synchronized boolean start() {
        if (last.get().state() == State.REBUILDING) {
            return false;
        }
        Instant started = clock.instant();
        last.set(new Progress(State.REBUILDING, started, null, 0, 0, 0, null));
        MessageListenerContainer container = registry.getListenerContainer(MessageStoreListener.ID);
        try (Admin admin = Admin.create(kafkaAdmin.getConfigurationProperties())) {
            container.stop();
            jdbc.execute("truncate projection_positions, projects, participants, messages, message_revisions, read_cursors");
            resetToEarliest(admin);
            container.start();
            log.info("Message store rebuild started");
            return true;
        } catch (Exception e) {
            last.set(new Progress(State.FAILED, started, clock.instant(), 0, 0, 0, e.toString()));
            if (!container.isRunning()) {
                container.start();
            }
            throw new IllegalStateException("rebuild could not start: " + e.getMessage(), e);
        }
    }

    private void resetToEarliest(Admin admin) throws Exception {
        List<TopicPartition> partitions = partitions(admin);
        Map<TopicPartition, OffsetSpec> earliest = partitions.stream()
                .collect(Collectors.toMap(p -> p, p -> OffsetSpec.earliest()));
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        admin.listOffsets(earliest).all().get().forEach((p, info) -> offsets.put(p, new OffsetAndMetadata(info.offset())));
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            try {
                admin.alterConsumerGroupOffsets(groupId, offsets).all().get();
                return;
            } catch (ExecutionException e) {
                // the stopped consumer may still be leaving the group
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(200);
            }
        }
    }

    private static List<TopicPartition> partitions(Admin admin) throws Exception {
        return admin.describeTopics(List.of(Topic.CHAT_EVENTS.name())).allTopicNames().get()
                .get(Topic.CHAT_EVENTS.name()).partitions().stream()
                .map(p -> new TopicPartition(Topic.CHAT_EVENTS.name(), p.partition())).toList();
    }

    /**
     * Where the rebuild is: events published so far (the event store less the outbox) against events
     * the projection has applied (stream versions are gap-free from 1, so their sum counts them).
     */
    public Progress progress() {
        Progress current = last.get();
        if (current.state() != State.REBUILDING) {
            return current;
        }
        Long total = jdbc.queryForObject("""
                select count(*) from events e where not exists (select 1 from outbox o where o.global_position = e.global_position)""",
                Long.class);
        Long applied = jdbc.queryForObject("select coalesce(sum(version), 0) from projection_positions", Long.class);
        long t = total == null ? 0 : total;
        long a = applied == null ? 0 : Math.min(applied, t);
        if (a >= t) {
            Progress done = new Progress(State.DONE, current.startedAt(), clock.instant(), t, a, 100, null);
            if (last.compareAndSet(current, done)) {
                log.info("Message store rebuild done: {} events", t);
            }
            return done;
        }
        return new Progress(State.REBUILDING, current.startedAt(), null, t, a, Math.floor(1000.0 * a / t) / 10, null);
    }
}
