package org.projectchat.escalations.sla;

import org.projectchat.contract.EventJson;
import org.projectchat.escalations.domain.SlaSettings;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Clock;

/** The thresholds in force for a project: the defaults, the service's settings, the project's own overrides. */
@Component
public class ProjectSla {

    private final SlaSettings service;
    private final JdbcTemplate jdbc;
    private final Clock clock;

    public ProjectSla(Environment environment, JdbcTemplate jdbc, Clock clock) {
        SlaSettings configured = Binder.get(environment).bind("escalations.sla", SlaSettings.class).orElse(null);
        this.service = configured == null ? SlaSettings.DEFAULTS : SlaSettings.DEFAULTS.overriddenBy(configured);
        this.jdbc = jdbc;
        this.clock = clock;
    }

    public SlaSettings service() {
        return service;
    }

    /** Read through {@code via} (a projection's transaction) or this service's own connection when null. */
    public SlaSettings of(JdbcTemplate via, String projectId) {
        return overrides(via == null ? jdbc : via, projectId).map(service::overriddenBy).orElse(service);
    }

    public java.util.Optional<SlaSettings> overrides(JdbcTemplate via, String projectId) {
        return (via == null ? jdbc : via).query("select settings::text from project_sla where project_id = ?",
                (rs, i) -> EventJson.mapper().readValue(rs.getString(1), SlaSettings.class), projectId).stream().findFirst();
    }

    /** Sets a project's overrides (null fields keep the service's value); they apply to clocks started from now on. */
    public SlaSettings override(String projectId, SlaSettings overrides) {
        service.overriddenBy(overrides); // refuses an inconsistent combination before anything is stored
        jdbc.update("""
                insert into project_sla (project_id, settings, updated_at) values (?, ?::jsonb, ?)
                on conflict (project_id) do update set settings = excluded.settings, updated_at = excluded.updated_at""",
                projectId, EventJson.mapper().writeValueAsString(overrides), Timestamp.from(clock.instant()));
        return of(null, projectId);
    }
}
