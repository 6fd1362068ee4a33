package org.projectchat.outbox;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;

/**
 * A service that declares its {@link OutboxTable} gets the signal and the relay; settings come
 * from {@code <table name>.outbox.*} (e.g. {@code chat.outbox.batch-size}), and
 * {@code <table name>.outbox.enabled=false} runs no relay in that instance.
 */
@AutoConfiguration(afterName = {"org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration",
        "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
        "org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration"})
@ConditionalOnBean(OutboxTable.class)
public class OutboxAutoConfiguration {

    @Bean
    OutboxRelayProperties outboxRelayProperties(Environment environment, OutboxTable table) {
        return Binder.get(environment).bindOrCreate(table.name() + ".outbox", OutboxRelayProperties.class);
    }

    @Bean
    OutboxSignal outboxSignal(JdbcTemplate jdbc, OutboxTable table) {
        return new OutboxSignal(jdbc, table);
    }

    @Bean
    OutboxRelay outboxRelay(OutboxTable table, DataSource dataSource, JdbcTemplate jdbc, KafkaProperties kafka,
                            OutboxRelayProperties properties, OutboxSignal signal) {
        return new OutboxRelay(table, dataSource, jdbc, kafka::buildProducerProperties, properties, signal);
    }
}
