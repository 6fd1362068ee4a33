package org.projectchat.baseline.ops;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.KafkaAdmin;

/** Health contributors for the servers a service needs; readiness groups name them in application.yml. */
@AutoConfiguration(afterName = "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration")
@ConditionalOnClass(KafkaAdmin.class)
public class OperationsBaseline {

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
