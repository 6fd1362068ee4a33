package org.projectchat.contract;

import java.util.List;
import java.util.Map;

/**
 * A Kafka topic of the system. The key of every record is the project id, so one project's events
 * stay in one partition, in order.
 *
 * @param name       topic name, versioned: a breaking change would be a new topic, never a new shape on this one
 * @param partitions partition count; fixed for the life of the topic since the key decides the partition
 * @param config     topic configuration; retention is infinite because projections rebuild by replay
 */
public record Topic(String name, int partitions, Map<String, String> config) {

    /** Production settings: replicate three times, keep forever, never lose an acknowledged write. */
    static final Map<String, String> KEEP_FOREVER = Map.of(
            "retention.ms", "-1",
            "retention.bytes", "-1",
            "cleanup.policy", "delete",
            "min.insync.replicas", "2",
            "unclean.leader.election.enable", "false");

    public static final Topic CHAT_EVENTS = new Topic(Names.CHAT_EVENTS, 12, KEEP_FOREVER);
    public static final Topic FILE_EVENTS = new Topic(Names.FILE_EVENTS, 12, KEEP_FOREVER);
    public static final Topic ESCALATION_EVENTS = new Topic(Names.ESCALATION_EVENTS, 12, KEEP_FOREVER);

    /** The topics' names as constants, for annotations such as {@code @KafkaListener(topics = Topic.Names.CHAT_EVENTS)}. */
    public static final class Names {
        public static final String CHAT_EVENTS = "chat.events.v1";
        public static final String FILE_EVENTS = "file.events.v1";
        public static final String ESCALATION_EVENTS = "escalation.events.v1";

        private Names() {
        }
    }

    public static List<Topic> all() {
        return List.of(CHAT_EVENTS, FILE_EVENTS, ESCALATION_EVENTS);
    }

    /** Replication factor for production clusters; a single-broker dev cluster uses 1. */
    public static final short PRODUCTION_REPLICATION_FACTOR = 3;

    /** The config for a cluster of the given size: min.insync.replicas cannot exceed the replication factor. */
    public Map<String, String> configFor(short replicationFactor) {
        if (replicationFactor >= PRODUCTION_REPLICATION_FACTOR) {
            return config;
        }
        var copy = new java.util.HashMap<>(config);
        copy.put("min.insync.replicas", "1");
        return Map.copyOf(copy);
    }
}
