package org.projectchat.eventsourcing;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.apache.kafka.clients.admin.NewTopic;
import org.projectchat.contract.Actor;
import org.projectchat.contract.Topic;
import org.projectchat.embedded.EmbeddedServersExtension;
import org.projectchat.embedded.EmbeddedStack;
import org.projectchat.eventsourcing.notify.PostgresNotifications;
import org.projectchat.eventsourcing.outbox.OutboxSignal;
import org.projectchat.eventsourcing.store.EventMetadata;
import org.projectchat.eventsourcing.store.EventStore;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The kit as a service would have it, on the JVM's real PostgreSQL and Kafka: one database with the kit's schema
 * migrated, the contract's topics, and the parts built the way the auto-configuration builds them.
 */
final class Kit {

    static final String NAME = "kit";
    private static HikariDataSource dataSource;
    private static PostgresNotifications notifications;

    private Kit() {
    }

    static synchronized HikariDataSource dataSource() {
        if (dataSource == null) {
            dataSource = newDatabase("kit", 24);
            EmbeddedServersExtension.sharedStack().kafka().createTopics(
                    Topic.all().stream().map(t -> new NewTopic(t.name(), t.partitions(), (short) 1)).toList());
        }
        return dataSource;
    }

    /** A new database with the kit's schema migrated: the shared one, or one for a test that must see only its rows. */
    static HikariDataSource newDatabase(String name, int connections) {
        EmbeddedStack stack = EmbeddedServersExtension.sharedStack();
        stack.postgres().createDatabase(name);
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(stack.postgres().jdbcUrl(name));
        config.setUsername("postgres");
        config.setPassword("postgres");
        config.setMaximumPoolSize(connections);
        HikariDataSource created = new HikariDataSource(config);
        EventSourcingAutoConfiguration.kitSchema(created).migrate();
        return created;
    }

    static JdbcTemplate jdbc() {
        return new JdbcTemplate(dataSource());
    }

    static TransactionTemplate tx() {
        return new TransactionTemplate(new DataSourceTransactionManager(dataSource()));
    }

    static synchronized PostgresNotifications notifications() {
        if (notifications == null) {
            notifications = new PostgresNotifications(dataSource());
            notifications.start();
        }
        return notifications;
    }

    static EventStore store(OutboxSignal signal) {
        return new EventStore(jdbc(), tx(), signal);
    }

    /** Events stored and not yet published: the outbox's rows. */
    static long outboxBacklog() {
        return jdbc().queryForObject("select count(*) from outbox", Long.class);
    }

    static EventStore store() {
        return store(new OutboxSignal(jdbc(), NAME));
    }

    static Map<String, Object> kafka() {
        Map<String, Object> config = new HashMap<>();
        config.put("bootstrap.servers", EmbeddedServersExtension.sharedStack().kafka().bootstrapServers());
        return config;
    }

    static String newStream() {
        return "p-" + UUID.randomUUID().toString().substring(0, 13);
    }

    static EventMetadata by(String userId) {
        return by(userId, Instant.parse("2026-12-01T09:00:00Z"));
    }

    static EventMetadata by(String userId, Instant at) {
        return new EventMetadata(at, new Actor(userId, userId, "EXPERT"), "corr", "cause", null);
    }
}
