package org.projectchat.baseline.ops;

import io.swagger.v3.oas.annotations.Operation;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.projectchat.baseline.web.ApiProblem;
import org.projectchat.contract.PlatformUser;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Operators' view of this service's dead-letter topics (ops and admins): what each consumer group set aside, why, and
 * a replay that puts the records back on their original topics once the cause is fixed. What was replayed is
 * remembered (the committed offsets of the group {@code <group>.dlt-replay}), so a second replay sends only what came
 * since. A consumer skips events it applied before, so a record replayed twice changes nothing.
 */
@RestController
public class DeadLetterAdmin {

    private final KafkaListenerEndpointRegistry listeners;
    private final KafkaProperties kafka;

    public DeadLetterAdmin(KafkaListenerEndpointRegistry listeners, KafkaProperties kafka) {
        this.listeners = listeners;
        this.kafka = kafka;
    }

    /** One record set aside: where it came from, why, and its start. */
    public record Letter(long offset, String originalTopic, Integer originalPartition, Long originalOffset, String exception,
                         String reason, String key, String valueStart) {
    }

    /** A group's dead-letter topic: how many records it holds, how many were replayed, the latest ones. */
    public record Topic(String group, String topic, long records, long replayed, List<Letter> latest) {
    }

    @Operation(summary = "What each consumer group of this service set aside in its dead-letter topic (ops, admins)")
    @GetMapping("/admin/dead-letters")
    List<Topic> list(PlatformUser user) {
        requireStaff(user);
        List<Topic> topics = new ArrayList<>();
        for (String group : groups()) {
            topics.add(describe(group));
        }
        return topics;
    }

    @Operation(summary = "Put a group's dead letters not replayed yet back on their original topics (ops, admins)")
    @PostMapping("/admin/dead-letters/{group}/replay")
    Map<String, Object> replay(@PathVariable String group, PlatformUser user) {
        requireStaff(user);
        if (!groups().contains(group)) {
            throw ApiProblem.notFound("unknown-group", "This service has no consumer group " + group + ".");
        }
        String topic = DeadLetters.topicOf(group);
        int sent = 0;
        try (var consumer = consumer(group + ".dlt-replay");
             var producer = new KafkaProducer<>(producerConfig(), new ByteArraySerializer(), new ByteArraySerializer())) {
            List<TopicPartition> partitions = partitions(consumer, topic);
            if (partitions.isEmpty()) {
                return Map.of("group", group, "replayed", 0);
            }
            consumer.assign(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(new java.util.HashSet<>(partitions));
            for (TopicPartition p : partitions) {
                OffsetAndMetadata at = committed.get(p);
                if (at == null) {
                    consumer.seekToBeginning(List.of(p));
                } else {
                    consumer.seek(p, at.offset());
                }
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p)) && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    String original = header(record, "kafka_dlt-original-topic");
                    if (original == null) {
                        continue;
                    }
                    var back = new ProducerRecord<>(original, record.key(), record.value());
                    for (Header h : record.headers()) {
                        if (!h.key().startsWith("kafka_dlt-") && !h.key().startsWith("springDeserializer")) {
                            back.headers().add(h);
                        }
                    }
                    producer.send(back);
                    sent++;
                }
            }
            producer.flush();
            Map<TopicPartition, OffsetAndMetadata> done = new HashMap<>();
            partitions.forEach(p -> done.put(p, new OffsetAndMetadata(consumer.position(p))));
            consumer.commitSync(done);
        }
        return Map.of("group", group, "replayed", sent);
    }

    private Topic describe(String group) {
        String topic = DeadLetters.topicOf(group);
        try (var consumer = consumer(group + ".dlt-replay")) {
            List<TopicPartition> partitions = partitions(consumer, topic);
            if (partitions.isEmpty()) {
                return new Topic(group, topic, 0, 0, List.of());
            }
            Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(new java.util.HashSet<>(partitions));
            long records = 0;
            long replayed = 0;
            List<Letter> latest = new ArrayList<>();
            consumer.assign(partitions);
            for (TopicPartition p : partitions) {
                records += end.get(p) - begin.get(p);
                OffsetAndMetadata at = committed.get(p);
                replayed += at == null ? 0 : at.offset() - begin.get(p);
                consumer.seek(p, Math.max(begin.get(p), end.get(p) - 10));
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p)) && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    latest.add(letter(record));
                }
            }
            latest.sort((a, b) -> Long.compare(b.offset(), a.offset()));
            return new Topic(group, topic, records, replayed, latest.subList(0, Math.min(20, latest.size())));
        }
    }

    private static Letter letter(ConsumerRecord<byte[], byte[]> record) {
        String value = record.value() == null ? null : new String(record.value(), 0, Math.min(record.value().length, 300), StandardCharsets.UTF_8);
        return new Letter(record.offset(), header(record, "kafka_dlt-original-topic"), intHeader(record, "kafka_dlt-original-partition"),
                longHeader(record, "kafka_dlt-original-offset"), header(record, "kafka_dlt-exception-fqcn"),
                header(record, "kafka_dlt-exception-message"), record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8),
                value);
    }

    private TreeSet<String> groups() {
        TreeSet<String> groups = new TreeSet<>();
        for (MessageListenerContainer container : listeners.getListenerContainers()) {
            if (container.getGroupId() != null) {
                groups.add(container.getGroupId());
            }
        }
        return groups;
    }

    private KafkaConsumer<byte[], byte[]> consumer(String group) {
        Map<String, Object> config = new LinkedHashMap<>(kafka.buildConsumerProperties());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.remove(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG);
        config.remove(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG);
        return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private Map<String, Object> producerConfig() {
        Map<String, Object> config = new HashMap<>(kafka.buildProducerProperties());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
        return config;
    }

    private static List<TopicPartition> partitions(KafkaConsumer<?, ?> consumer, String topic) {
        if (!consumer.listTopics(Duration.ofSeconds(10)).containsKey(topic)) {
            return List.of();
        }
        return consumer.partitionsFor(topic).stream().map(p -> new TopicPartition(topic, p.partition())).toList();
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static Integer intHeader(ConsumerRecord<?, ?> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null || h.value().length != 4 ? null : ByteBuffer.wrap(h.value()).getInt();
    }

    private static Long longHeader(ConsumerRecord<?, ?> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null || h.value().length != 8 ? null : ByteBuffer.wrap(h.value()).getLong();
    }

    private static void requireStaff(PlatformUser user) {
        if (!user.isStaff()) {
            throw ApiProblem.forbidden("not-staff", "Only platform ops and admins manage dead letters.");
        }
    }
}
