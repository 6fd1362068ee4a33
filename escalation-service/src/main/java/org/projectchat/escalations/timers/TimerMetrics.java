package org.projectchat.escalations.timers;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.projectchat.baseline.ops.PeriodicReading;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;

/**
 * Timers more than a minute past due and still not fired (escalations_timers_overdue): nonzero for minutes means no
 * replica is firing them, so breaches, reminders and automatic escalations are late. Read from the timers' index.
 */
@Component
class TimerMetrics implements MeterBinder {

    static final Duration OVERDUE_AFTER = Duration.ofMinutes(1);

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final PeriodicReading<Long> overdue = new PeriodicReading<>(Duration.ofSeconds(1), this::readOverdue);

    TimerMetrics(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("escalations.timers.overdue", this, m -> m.overdue.get())
                .description("timers more than a minute past due, not fired").register(registry);
    }

    private long readOverdue() {
        Long n = jdbc.queryForObject("select count(*) from timers where fire_at < ?", Long.class,
                Timestamp.from(clock.instant().minus(OVERDUE_AFTER)));
        return n == null ? 0 : n;
    }
}
