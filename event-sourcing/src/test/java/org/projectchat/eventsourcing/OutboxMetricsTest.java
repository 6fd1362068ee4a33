package org.projectchat.eventsourcing;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.projectchat.embedded.EmbeddedServers;
import org.projectchat.embedded.Server;
import org.projectchat.eventsourcing.outbox.OutboxMetrics;
import org.projectchat.eventsourcing.outbox.OutboxSignal;
import org.projectchat.eventsourcing.store.EventStore;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What an operator's dashboard and alerts read of the outbox while no relay publishes: how many events wait, and how
 * long the next one to publish has waited. On a database of its own, so no other test's outbox rows count.
 */
@EmbeddedServers(Server.POSTGRES)
class OutboxMetricsTest {

    static final Instant NINE = Instant.parse("2026-12-01T09:00:00Z");

    final JdbcTemplate jdbc = new JdbcTemplate(Kit.newDatabase("outbox_metrics_" + UUID.randomUUID().toString().substring(0, 8), 2));
    final EventStore store = new EventStore(jdbc, new TransactionTemplate(new DataSourceTransactionManager(jdbc.getDataSource())),
            new OutboxSignal(jdbc, "metrics"));

    /** The gauges as a scrape at {@code now} sees them (a new reading each time: one is kept for a second). */
    double[] scrapedAt(Instant now) {
        var registry = new SimpleMeterRegistry();
        new OutboxMetrics(jdbc, "chat", Clock.fixed(now, ZoneOffset.UTC)).bindTo(registry);
        return new double[]{registry.get("outbox.backlog").tag("store", "chat").gauge().value(),
                registry.get("outbox.oldest.age").tag("store", "chat").gauge().value()};
    }

    void post(String stream, Instant at) {
        store.append(stream, EventStore.ANY_VERSION, List.of(EventStoreTest.post(UUID.randomUUID().toString(), "hello")),
                Kit.by("u-1", at), null);
    }

    @Test
    void theBacklogCountsWhatWaitsAndTheAgeIsThatOfTheNextEventToPublish() {
        assertThat(scrapedAt(NINE)).as("nothing waits").containsExactly(0, 0);

        post(Kit.newStream(), NINE);
        post(Kit.newStream(), NINE.plusSeconds(30));
        post(Kit.newStream(), NINE.plusSeconds(45));
        assertThat(scrapedAt(NINE.plusSeconds(120))).as("three wait, the first for two minutes").containsExactly(3, 120);

        // the relay published the first and deleted its outbox row: the second is next
        jdbc.update("delete from outbox where global_position = (select min(global_position) from outbox)");
        assertThat(scrapedAt(NINE.plusSeconds(120))).containsExactly(2, 90);

        jdbc.update("delete from outbox");
        assertThat(scrapedAt(NINE.plusSeconds(120))).as("all published").containsExactly(0, 0);
    }
}
