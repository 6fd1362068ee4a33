package org.projectchat.baseline.ops;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Poison records for a consumer, and what its dead-letter topic then holds. */
public final class Poison {

    private Poison() {
    }

    /** Puts a record with these bytes on the topic; where it landed. */
    public static RecordMetadata send(String bootstrapServers, String topic, String key, byte[] value) {
        try (var producer = new KafkaProducer<>(Map.of("bootstrap.servers", (Object) bootstrapServers),
                new StringSerializer(), new ByteArraySerializer())) {
            return producer.send(new ProducerRecord<>(topic, key, value)).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Waits (60 s at most) for the record the poison became in a group's dead-letter topic, and checks that it carries
     * where it came from and why it was set aside.
     */
    public static ConsumerRecord<String, byte[]> awaitDeadLetter(String bootstrapServers, String group, RecordMetadata poison) {
        AtomicReference<ConsumerRecord<String, byte[]>> found = new AtomicReference<>();
        try (var consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", (Object) bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "dlt-probe-" + UUID.randomUUID(), ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            await("the poison in " + DeadLetters.topicOf(group)).atMost(Duration.ofSeconds(60)).until(() -> {
                if (consumer.subscription().isEmpty()) {
                    if (!consumer.listTopics().containsKey(DeadLetters.topicOf(group))) {
                        return false;
                    }
                    consumer.subscribe(List.of(DeadLetters.topicOf(group)));
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (poison.topic().equals(header(record, "kafka_dlt-original-topic"))
                            && Long.toString(poison.offset()).equals(longHeader(record, "kafka_dlt-original-offset"))
                            && Integer.toString(poison.partition()).equals(intHeader(record, "kafka_dlt-original-partition"))) {
                        found.set(record);
                    }
                }
                return found.get() != null;
            });
        }
        ConsumerRecord<String, byte[]> letter = found.get();
        assertThat(header(letter, "kafka_dlt-exception-fqcn")).isNotBlank();
        assertThat(letter.headers().lastHeader("kafka_dlt-exception-message")).isNotNull();
        return letter;
    }

    static String header(ConsumerRecord<?, ?> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    static String longHeader(ConsumerRecord<?, ?> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null ? null : Long.toString(java.nio.ByteBuffer.wrap(h.value()).getLong());
    }

    static String intHeader(ConsumerRecord<?, ?> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null ? null : Integer.toString(java.nio.ByteBuffer.wrap(h.value()).getInt());
    }
}
