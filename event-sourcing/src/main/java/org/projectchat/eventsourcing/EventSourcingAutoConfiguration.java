package org.projectchat.eventsourcing;

import org.flywaydb.core.Flyway;
import org.projectchat.eventsourcing.notify.PostgresNotifications;
import org.projectchat.eventsourcing.projection.ConsumersCatchingUp;
import org.projectchat.eventsourcing.outbox.OutboxMetrics;
import org.projectchat.eventsourcing.outbox.OutboxRelay;
import org.projectchat.eventsourcing.outbox.OutboxRelayProperties;
import org.projectchat.eventsourcing.outbox.OutboxSignal;
import org.projectchat.eventsourcing.roster.ProjectReaders;
import org.projectchat.eventsourcing.roster.Rosters;
import org.projectchat.eventsourcing.store.EventStore;
import org.projectchat.baseline.ops.EventTraces;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;

/**
 * Wires the kit into a service with a PostgreSQL DataSource: the kit's schema (migrated before the service's own
 * migrations), the LISTEN loop, rosters and the reader check; and, when {@code projectchat.event-store.name} is set,
 * the event store with its outbox signal and relay.
 */
@AutoConfiguration(afterName = {"org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
        "org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration",
        "org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration",
        "org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration",
        "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration"},
        beforeName = "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration")
@ConditionalOnBean(DataSource.class)
@EnableConfigurationProperties(EventSourcingProperties.class)
public class EventSourcingAutoConfiguration {

    /** Where the kit's schema is, and the history table that keeps its versions apart from the service's. */
    public static final String SCHEMA_LOCATION = "classpath:db/event-sourcing";
    public static final String SCHEMA_HISTORY = "event_sourcing_schema_history";

    /**
     * The kit's tables first, so the service's migrations may refer to them. The service's own history then starts
     * in a schema that is not empty: it is baselined at version 0, so its V1 still runs.
     */
    @Bean
    @ConditionalOnMissingBean
    FlywayMigrationStrategy eventSourcingSchemaFirst() {
        return flyway -> {
            kitSchema(flyway.getConfiguration().getDataSource()).migrate();
            Flyway service = Flyway.configure().configuration(flyway.getConfiguration()).baselineOnMigrate(true)
                    .baselineVersion("0").load();
            // a service with no tables of its own (search-service keeps its data in Elasticsearch) has nothing to run,
            // and Flyway would warn "No migrations found" at its every start
            if (service.info().all().length > 0) {
                service.migrate();
            }
        };
    }

    /** The kit's schema in a database: its own migrations and history table. */
    public static Flyway kitSchema(DataSource dataSource) {
        return Flyway.configure().dataSource(dataSource).locations(SCHEMA_LOCATION).table(SCHEMA_HISTORY)
                .baselineOnMigrate(false).load();
    }

    @Bean
    @ConditionalOnMissingBean
    PostgresNotifications postgresNotifications(DataSource dataSource) {
        return new PostgresNotifications(dataSource);
    }

    @Bean
    @ConditionalOnMissingBean
    Rosters rosters(JdbcTemplate jdbc) {
        return new Rosters(jdbc);
    }

    @Bean
    @ConditionalOnMissingBean
    ProjectReaders projectReaders(Rosters rosters, ObjectProvider<KafkaListenerEndpointRegistry> listeners) {
        KafkaListenerEndpointRegistry registry = listeners.getIfAvailable();
        return new ProjectReaders(rosters, registry == null ? () -> false : new ConsumersCatchingUp(registry));
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty("projectchat.event-store.name")
    static class EventStoreConfiguration {

        @Bean
        OutboxRelayProperties outboxRelayProperties(Environment environment, EventSourcingProperties properties) {
            return Binder.get(environment).bindOrCreate(properties.name() + ".outbox", OutboxRelayProperties.class);
        }

        @Bean
        OutboxSignal outboxSignal(JdbcTemplate jdbc, EventSourcingProperties properties) {
            return new OutboxSignal(jdbc, properties.name());
        }

        @Bean
        EventStore eventStore(JdbcTemplate jdbc, TransactionTemplate tx, OutboxSignal signal) {
            return new EventStore(jdbc, tx, signal);
        }

        @Bean
        OutboxMetrics outboxMetrics(JdbcTemplate jdbc, EventSourcingProperties properties,
                                    ObjectProvider<java.time.Clock> clock) {
            return new OutboxMetrics(jdbc, properties.name(), clock.getIfUnique(java.time.Clock::systemUTC));
        }

        @Bean
        OutboxRelay outboxRelay(EventSourcingProperties properties, DataSource dataSource, KafkaProperties kafka,
                                OutboxRelayProperties relay, OutboxSignal signal,
                                PostgresNotifications notifications, ObjectProvider<EventTraces> traces) {
            return new OutboxRelay(properties.name(), properties.publishedTopics(), dataSource,
                    kafka::buildProducerProperties, relay, signal, notifications, traces.getIfUnique(EventTraces::none));
        }
    }
}
