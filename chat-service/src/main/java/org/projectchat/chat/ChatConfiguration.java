package org.projectchat.chat;

import org.apache.kafka.clients.admin.NewTopic;
import org.projectchat.contract.EventEnvelopeDeserializer;
import org.projectchat.contract.Topic;
import org.projectchat.outbox.OutboxRelay;
import org.projectchat.outbox.OutboxRelayProperties;
import org.projectchat.outbox.OutboxSignal;
import org.projectchat.outbox.OutboxTable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;
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
import java.util.List;

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

    /** The event store's outbox: rows point at events, which hold the envelope. */
    static final OutboxTable OUTBOX = new OutboxTable("chat", """
            select o.global_position, e.stream_id, e.stream_version, e.envelope::text
            from outbox o join events e on e.global_position = o.global_position
            order by o.global_position limit ?""",
            "delete from outbox where global_position = any(?)", List.of(Topic.CHAT_EVENTS));

    /** chat-service reads file events (which files each project has); whoever starts first creates the topic. */
    @Bean
    NewTopic fileEventsTopic(@Value("${chat.kafka.replication-factor:1}") short replicationFactor) {
        return new NewTopic(Topic.FILE_EVENTS.name(), Topic.FILE_EVENTS.partitions(), replicationFactor)
                .configs(Topic.FILE_EVENTS.configFor(replicationFactor));
    }

    @Bean
    OutboxTable outboxTable() {
        return OUTBOX;
    }

    @Bean
    OutboxRelayProperties outboxRelayProperties(Environment environment) {
        return Binder.get(environment).bindOrCreate("chat.outbox", OutboxRelayProperties.class);
    }

    @Bean
    OutboxSignal outboxSignal(JdbcTemplate jdbc, OutboxTable table) {
        return new OutboxSignal(jdbc, table);
    }

    @Bean
    @ConditionalOnProperty(name = "chat.outbox.enabled", havingValue = "true", matchIfMissing = true)
    OutboxRelay outboxRelay(DataSource dataSource, JdbcTemplate jdbc, KafkaProperties kafka, OutboxRelayProperties properties,
                            OutboxSignal signal, OutboxTable table) {
        return new OutboxRelay(table, dataSource, jdbc, kafka::buildProducerProperties, properties, signal);
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
