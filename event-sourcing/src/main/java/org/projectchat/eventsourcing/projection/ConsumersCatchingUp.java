package org.projectchat.eventsourcing.projection;

import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;

import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Whether this service's Kafka listeners are behind their topics: some assigned partition has records not consumed
 * yet (the consumers' own {@code records-lag}, measured at each fetch). A request that would be refused because a
 * projection does not know something yet waits only while this is true.
 */
public class ConsumersCatchingUp implements BooleanSupplier {

    private final KafkaListenerEndpointRegistry registry;

    public ConsumersCatchingUp(KafkaListenerEndpointRegistry registry) {
        this.registry = registry;
    }

    @Override
    public boolean getAsBoolean() {
        for (MessageListenerContainer container : registry.getListenerContainers()) {
            for (Map<MetricName, ? extends Metric> metrics : container.metrics().values()) {
                for (Map.Entry<MetricName, ? extends Metric> metric : metrics.entrySet()) {
                    if (metric.getKey().name().equals("records-lag") && metric.getKey().tags().containsKey("partition")
                            && metric.getValue().metricValue() instanceof Double lag && lag > 0) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}
