package org.projectchat.eventsourcing.outbox;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.projectchat.baseline.ops.PeriodicReading;
import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;

/**
 * The outbox as an operator watches it: how many events wait to be published, and how long the oldest has waited (a
 * relay that cannot reach Kafka shows as an age that grows). Both read together, at most once a second.
 * <p>
 * The oldest is the next in publishing order, found through the outbox's key and then the event's: the age does not
 * join every waiting row with its event, a cost that would grow with the backlog, which is largest exactly when an
 * operator is watching it (a relay that cannot publish).
 */
public class OutboxMetrics implements MeterBinder {

    private record Reading(long backlog, double oldestAgeSeconds) {
    }

    private final JdbcTemplate jdbc;
    private final String store;
    private final Clock clock;
    private final PeriodicReading<Reading> reading = new PeriodicReading<>(Duration.ofSeconds(1), this::read);

    public OutboxMetrics(JdbcTemplate jdbc, String store, Clock clock) {
        this.jdbc = jdbc;
        this.store = store;
        this.clock = clock;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("outbox.backlog", this, m -> m.reading.get().backlog())
                .description("events stored but not yet published to Kafka").tag("store", store).register(registry);
        Gauge.builder("outbox.oldest.age", this, m -> m.reading.get().oldestAgeSeconds())
                .description("how long the oldest event not yet published has waited").baseUnit("seconds")
                .tag("store", store).register(registry);
    }

    private Reading read() {
        return jdbc.queryForObject("""
                select (select count(*) from outbox),
                       (select occurred_at from events where global_position = (select min(global_position) from outbox))""",
                (rs, i) -> {
                    Timestamp oldest = rs.getTimestamp(2);
                    double age = oldest == null ? 0
                            : Math.max(0, Duration.between(oldest.toInstant(), clock.instant()).toMillis() / 1000.0);
                    return new Reading(rs.getLong(1), age);
                });
    }
}
