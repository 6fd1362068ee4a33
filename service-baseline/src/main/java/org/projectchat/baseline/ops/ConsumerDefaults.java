package org.projectchat.baseline.ops;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.ClassUtils;

import java.util.Map;

/**
 * How every service's Kafka consumers read the contract's topics, each a default that a service's or operator's own
 * setting overrides (search-service takes 2,000 records a poll):
 * <ul>
 *   <li>From the start of a topic for a new group, with offsets committed by the listener containers after each poll's
 *       records are handled (ack mode batch), not by a timer.</li>
 *   <li>Committed events only: the outbox relays publish in Kafka transactions.</li>
 *   <li>Event envelopes, a record that cannot be read handed to the error handler (its dead-letter topic) instead of
 *       stopping the consumer.</li>
 *   <li>A fetch that finds nothing waits at most 20 ms. A read-committed fetch is answered when the transaction's
 *       commit marker is written (measured with a 500 ms wait: fetch delay p50 2.9 / p99 10.4 ms at 50 posts/s), so
 *       the wait delays no event by itself. But while a fetch is in flight the consumer sends the broker no other, so
 *       new data on another partition waits for it. Kafka's 500 ms default halved an idle dev system's CPU (309 -> 158
 *       ms a second; each idle consumer asks 50 times a second at 20 ms), but notification-service's benchmark then
 *       missed its goal: post -> in-app p99 288 and 337 ms in two runs, against 199 and 191 ms at 20 ms in two runs
 *       of the same day.</li>
 * </ul>
 */
public class ConsumerDefaults implements EnvironmentPostProcessor, Ordered {

    static final String CONSUMER = "spring.kafka.consumer.";
    static final Map<String, Object> DEFAULTS = Map.of(
            CONSUMER + "auto-offset-reset", "earliest",
            CONSUMER + "enable-auto-commit", "false",
            CONSUMER + "isolation-level", "read-committed",
            CONSUMER + "max-poll-records", "500",
            CONSUMER + "fetch-max-wait", "20ms",
            "spring.kafka.listener.ack-mode", "batch",
            CONSUMER + "key-deserializer", "org.apache.kafka.common.serialization.StringDeserializer",
            CONSUMER + "value-deserializer", "org.springframework.kafka.support.serializer.ErrorHandlingDeserializer",
            CONSUMER + "properties.spring.deserializer.value.delegate.class", "org.projectchat.contract.EventEnvelopeDeserializer");

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        // a service that reads no topic (the gateway) has no spring-kafka
        if (ClassUtils.isPresent("org.springframework.kafka.support.serializer.ErrorHandlingDeserializer",
                ConsumerDefaults.class.getClassLoader())) {
            environment.getPropertySources().addLast(new MapPropertySource("projectchat-consumer-defaults", DEFAULTS));
        }
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE; // after the configuration files are read
    }
}
