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
            EmbeddedStack stack = EmbeddedServersExtension.sharedStack();
            stack.postgres().createDatabase("kit");
            HikariConfig config = new HikariConfig();
            config.setJdbcUrl(stack.postgres().jdbcUrl("kit"));
            config.setUsername("postgres");
            config.setPassword("postgres");
            config.setMaximumPoolSize(24);
            dataSource = new HikariDataSource(config);
            EventSourcingAutoConfiguration.kitSchema(dataSource).migrate();
            stack.kafka().createTopics(Topic.all().stream().map(t -> new NewTopic(t.name(), t.partitions(), (short) 1)).toList());
        }
        return dataSource;
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
        return new EventMetadata(Instant.parse("2026-12-01T09:00:00Z"), new Actor(userId, userId, "EXPERT"), "corr", "cause", null);
    }
}
