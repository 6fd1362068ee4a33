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

    /**
     * The topics as {@code deploy/helm/project-chat/files/topics.json} defines them (packaged beside this class): the
     * one definition the services and the Helm chart share. Production settings: replicate three times, keep forever,
     * never lose an acknowledged write.
     */
    private static final Map<String, Topic> DEFINED = read();

    public static final Topic CHAT_EVENTS = defined(Names.CHAT_EVENTS);
    public static final Topic FILE_EVENTS = defined(Names.FILE_EVENTS);
    public static final Topic ESCALATION_EVENTS = defined(Names.ESCALATION_EVENTS);

    private static Map<String, Topic> read() {
        try (var in = Topic.class.getResourceAsStream("topics.json")) {
            if (in == null) {
                throw new IllegalStateException("topics.json is not packaged beside " + Topic.class.getName());
            }
            Map<String, Topic> topics = new java.util.LinkedHashMap<>();
            for (var topic : EventJson.mapper().readTree(in).get("topics")) {
                Map<String, String> config = new java.util.LinkedHashMap<>();
                topic.get("config").properties().forEach(e -> config.put(e.getKey(), e.getValue().asString()));
                topics.put(topic.get("name").asString(),
                        new Topic(topic.get("name").asString(), topic.get("partitions").asInt(), Map.copyOf(config)));
            }
            return Map.copyOf(topics);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Topic defined(String name) {
        Topic topic = DEFINED.get(name);
        if (topic == null) {
            throw new IllegalStateException("topics.json defines no topic " + name);
        }
        return topic;
    }

    /** The names topics.json defines, for checking it against the constants. */
    static java.util.Set<String> definedNames() {
        return DEFINED.keySet();
    }

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
