package org.projectchat.baseline.ops;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * Health contributors for the servers a service needs (readiness groups name them in application.yml), the
 * dead-letter admin, and what every service's metrics have in common for operators' dashboards and alerts.
 */
@AutoConfiguration(afterName = "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration")
public class OperationsBaseline {

    /**
     * Request times as histograms (http_server_requests_seconds_bucket), so percentiles can be computed across pods
     * and over any window in Prometheus, which the per-pod percentiles Micrometer can publish cannot be.
     */
    @Bean
    MeterFilter requestTimeHistograms() {
        return new MeterFilter() {
            @Override
            public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
                if (id.getName().equals("http.server.requests")) {
                    return DistributionStatisticConfig.builder().percentilesHistogram(true)
                            .maximumExpectedValue((double) java.time.Duration.ofSeconds(30).toNanos()).build().merge(config);
                }
                return config;
            }
        };
    }

    /** What only a service that uses Kafka has (the gateway does not). */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(KafkaAdmin.class)
    static class KafkaOperations {

        @Bean(name = "kafkaHealthIndicator")
        @ConditionalOnBean(KafkaAdmin.class)
        KafkaHealthIndicator kafkaHealthIndicator(KafkaAdmin admin) {
            return new KafkaHealthIndicator(admin);
        }

        /** Operators' view and replay of the dead-letter topics of this service's consumers. */
        @Bean
        @ConditionalOnBean({KafkaListenerEndpointRegistry.class, KafkaProperties.class})
        DeadLetterAdmin deadLetterAdmin(KafkaListenerEndpointRegistry listeners, KafkaProperties kafka) {
            return new DeadLetterAdmin(listeners, kafka);
        }
    }
}
