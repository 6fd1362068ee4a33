package org.projectchat.chat.rebuild;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
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

    /** Where the rebuild is: events in the topic, events the projection has passed. */
    public Progress progress() {
        Progress current = last.get();
        if (current.state() != State.REBUILDING) {
            return current;
        }
        try (Admin admin = Admin.create(kafkaAdmin.getConfigurationProperties())) {
            List<TopicPartition> partitions = partitions(admin);
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> begin = admin.listOffsets(
                    partitions.stream().collect(Collectors.toMap(p -> p, p -> OffsetSpec.earliest()))).all().get();
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> end = admin.listOffsets(
                    partitions.stream().collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest()))).all().get();
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(groupId)
                    .partitionsToOffsetAndMetadata().get();
            long total = 0;
            long done = 0;
            for (TopicPartition p : partitions) {
                long b = begin.get(p).offset();
                long e = end.get(p).offset();
                OffsetAndMetadata c = committed.get(p);
                total += e - b;
                done += Math.min(e, c == null ? b : c.offset()) - b;
            }
            double percent = total == 0 ? 100 : Math.floor(1000.0 * done / total) / 10;
            Progress now = done >= total
                    ? new Progress(State.DONE, current.startedAt(), clock.instant(), total, done, 100, null)
                    : new Progress(State.REBUILDING, current.startedAt(), null, total, done, percent, null);
            if (now.state() == State.DONE) {
                last.compareAndSet(current, now);
                log.info("Message store rebuild done: {} events", total);
            }
            return now;
        } catch (Exception e) {
            return new Progress(State.REBUILDING, current.startedAt(), null, current.events(), current.replayed(),
                    current.percent(), "progress unknown: " + e.getMessage());
        }
    }
}
