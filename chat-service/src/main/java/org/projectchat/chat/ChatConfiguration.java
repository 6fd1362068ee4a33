package org.projectchat.chat;

import org.apache.kafka.clients.admin.NewTopic;
import org.projectchat.chat.outbox.OutboxRelay;
import org.projectchat.chat.outbox.OutboxRelayProperties;
import org.projectchat.chat.outbox.OutboxSignal;
import org.projectchat.contract.EventEnvelopeDeserializer;
import org.projectchat.contract.Topic;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.util.backoff.ExponentialBackOff;

import javax.sql.DataSource;
import java.time.Clock;

@Configuration(proxyBeanMethods = false)
class ChatConfiguration {

    /** Time is a dependency: tests replace it. */
    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    NewTopic chatEventsTopic(@Value("${chat.kafka.replication-factor:1}") short replicationFactor) {
        return new NewTopic(Topic.CHAT_EVENTS.name(), Topic.CHAT_EVENTS.partitions(), replicationFactor)
                .configs(Topic.CHAT_EVENTS.configFor(replicationFactor));
    }

    @Bean
    @ConditionalOnProperty(name = "chat.outbox.enabled", havingValue = "true", matchIfMissing = true)
    OutboxRelay outboxRelay(DataSource dataSource, JdbcTemplate jdbc, KafkaProperties kafka, OutboxRelayProperties properties,
                            OutboxSignal signal) {
        return new OutboxRelay(dataSource, jdbc, kafka::buildProducerProperties, properties, signal);
    }

    /**
     * Database trouble is retried with back-off, without end: skipping would lose events in the
     * message store. A record that cannot be read at all is skipped (tolerant reader).
     */
    @Bean
    DefaultErrorHandler kafkaErrorHandler() {
        ExponentialBackOff backOff = new ExponentialBackOff(200, 2.0);
        backOff.setMaxInterval(10_000);
        DefaultErrorHandler handler = new DefaultErrorHandler(backOff);
        handler.addNotRetryableExceptions(DeserializationException.class, IllegalArgumentException.class);
        return handler;
    }

    static final Class<?> VALUE_DESERIALIZER = EventEnvelopeDeserializer.class;
}
