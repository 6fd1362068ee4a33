package org.projectchat.escalations.cases;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.projectchat.baseline.ops.PeriodicReading;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** Cases not resolved, by status (escalations_open{status="OPEN" | "ACKNOWLEDGED"}), from the open cases' index. */
@Component
class CaseMetrics implements MeterBinder {

    private final JdbcTemplate jdbc;
    private final PeriodicReading<Map<String, Long>> open = new PeriodicReading<>(Duration.ofSeconds(1), this::readOpen);

    CaseMetrics(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (String status : new String[]{"OPEN", "ACKNOWLEDGED"}) {
            Gauge.builder("escalations.open", this, m -> m.count(status)).tag("status", status)
                    .description("escalation cases not resolved").register(registry);
        }
    }

    private double count(String status) {
        return open.get().getOrDefault(status, 0L);
    }

    private Map<String, Long> readOpen() {
        Map<String, Long> counts = new HashMap<>();
        jdbc.query("select status, count(*) from cases where status <> 'RESOLVED' group by status",
                rs -> {
                    counts.put(rs.getString(1), rs.getLong(2));
                });
        return counts;
    }
}
