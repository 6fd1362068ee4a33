package org.projectchat.baseline.ops;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.Serializer;
import org.projectchat.contract.EventEnvelope;
import org.projectchat.contract.EventJson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.ConsumerRecordRecoverer;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.kafka.support.KafkaUtils;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Each consumer group's dead-letter topic, {@code <group>.dlt}: a record that cannot be read, or fails to apply for a
 * reason of its own, is published there as it was (its bytes, key and headers) with the original topic, partition and
 * offset and the exception in {@code kafka_dlt-*} headers, and counted in {@code kafka.consumer.dead.letters} (by group
 * and original topic). The consumer then goes on. The README says how to look at them and replay them.
 */
public class DeadLetters implements ConsumerRecordRecoverer {

    private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);
    public static final String SUFFIX = ".dlt";

    private final Map<String, Object> producerConfig;
    private final MeterRegistry meters;
    private final short replicationFactor;
    private final Set<String> created = ConcurrentHashMap.newKeySet();
    private volatile DeadLetterPublishingRecoverer publisher;

    public DeadLetters(KafkaProperties kafka, MeterRegistry meters, short replicationFactor) {
        this.producerConfig = new HashMap<>(kafka.buildProducerProperties());
        this.producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
        this.producerConfig.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        this.producerConfig.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
        this.meters = meters;
        this.replicationFactor = replicationFactor;
    }

    /** The dead-letter topic of a consumer group. */
    public static String topicOf(String group) {
        return group + SUFFIX;
    }

    @Override
    public void accept(ConsumerRecord<?, ?> record, Exception failure) {
        String group = KafkaUtils.getConsumerGroupId();
        String topic = topicOf(group == null ? "unknown-group" : group);
        ensureTopic(topic);
        log.warn("Record {}-{}@{} set aside in {}: {}", record.topic(), record.partition(), record.offset(), topic, failure.toString());
        publisher().accept(record, failure);
        counter(String.valueOf(group), record.topic()).increment();
    }

    /**
     * Registers a listener container's counters at zero, so that its first dead letter is an increase Prometheus sees
     * (a series that appears at 1 has no increase) and the dashboard shows 0 rather than nothing.
     */
    void countFrom(MessageListenerContainer container) {
        String[] topics = container.getContainerProperties().getTopics();
        if (container.getGroupId() != null && topics != null) {
            for (String topic : topics) {
                counter(container.getGroupId(), topic);
            }
        }
    }

    private Counter counter(String group, String topic) {
        return Counter.builder("kafka.consumer.dead.letters").description("records a consumer set aside in its dead-letter topic")
                .tag("group", group).tag("topic", topic).register(meters);
    }

    private DeadLetterPublishingRecoverer publisher() {
        if (publisher == null) {
            synchronized (this) {
                if (publisher == null) {
                    var template = new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(producerConfig,
                            new AsRecorded(), new AsRecorded()));
                    DeadLetterPublishingRecoverer recoverer = new DeadLetterPublishingRecoverer(template, (record, e) -> {
                        String group = KafkaUtils.getConsumerGroupId();
                        return new TopicPartition(topicOf(group == null ? "unknown-group" : group), -1);
                    });
                    recoverer.setFailIfSendResultIsError(true);
                    recoverer.setWaitForSendResultTimeout(java.time.Duration.ofSeconds(30));
                    publisher = recoverer;
                }
            }
        }
        return publisher;
    }

    /**
     * A set-aside record's key and value as they were: the bytes of one that could not be read, the JSON of an event
     * that was read but could not be applied.
     */
    private static final class AsRecorded implements Serializer<Object> {
        @Override
        public byte[] serialize(String topic, Object data) {
            return switch (data) {
                case null -> null;
                case byte[] bytes -> bytes;
                case String text -> text.getBytes(StandardCharsets.UTF_8);
                case EventEnvelope<?> event -> EventJson.write(event);
                default -> String.valueOf(data).getBytes(StandardCharsets.UTF_8);
            };
        }
    }

    /** Dead-letter topics are made when first needed: kept forever, like the topics they set records aside from. */
    private void ensureTopic(String topic) {
        if (created.contains(topic)) {
            return;
        }
        Map<String, Object> admin = new HashMap<>();
        admin.put("bootstrap.servers", producerConfig.get("bootstrap.servers"));
        try (Admin client = Admin.create(admin)) {
            client.createTopics(List.of(new NewTopic(topic, 3, replicationFactor).configs(Map.of("retention.ms", "-1"))))
                    .all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("cannot create " + topic, e.getCause());
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot create " + topic, e);
        }
        created.add(topic);
    }
}
