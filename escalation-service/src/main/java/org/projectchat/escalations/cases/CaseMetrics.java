package org.projectchat.escalations.cases;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Cases not resolved, by status (escalations_open{status="OPEN" | "ACKNOWLEDGED"}), from the open cases' index. */
@Component
class CaseMetrics implements MeterBinder {

    private final JdbcTemplate jdbc;

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
        Long n = jdbc.queryForObject("select count(*) from cases where status <> 'RESOLVED' and status = ?", Long.class, status);
        return n == null ? 0 : n;
    }
}
