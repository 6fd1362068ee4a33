package org.projectchat.bench;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Waits for a consumer group to have committed every offset of a topic: its backlog is done. */
final class ConsumerLag {

    private ConsumerLag() {
    }

    static void awaitCaughtUp(String bootstrapServers, String topic, String group, Duration timeout, int markerTolerance)
            throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            awaitCaughtUp(admin, topic, group, timeout, markerTolerance);
        }
    }

    /**
     * On a topic written in transactions the last offset of a partition is a commit marker, which a
     * consumer's committed offset stops just short of; {@code markerTolerance} allows for it.
     */
    static void awaitCaughtUp(Admin admin, String topic, String group, Duration timeout) throws Exception {
        awaitCaughtUp(admin, topic, group, timeout, 0);
    }

    static void awaitCaughtUp(Admin admin, String topic, String group, Duration timeout, int markerTolerance) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            List<TopicPartition> partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions()
                    .stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            var ends = admin.listOffsets(partitions.stream().collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest())))
                    .all().get();
            var committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
            // a partition that never had a record has no committed offset either
            boolean done = partitions.stream().allMatch(tp -> committed.get(tp) == null ? ends.get(tp).offset() == 0
                    : committed.get(tp).offset() >= ends.get(tp).offset() - markerTolerance);
            if (done) {
                return;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException(group + " did not catch up with " + topic + " within " + timeout);
    }
}
