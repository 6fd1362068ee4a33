package org.projectchat.escalations.deadlines;

import org.projectchat.contract.EscalationEvent.DeadlineKind;
import org.projectchat.contract.ParticipantRole;
import org.projectchat.escalations.domain.calendar.BusinessCalendar;
import org.projectchat.escalations.calendar.Calendars;
import org.projectchat.escalations.domain.ResponseClocks;
import org.projectchat.eventsourcing.roster.Rosters;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every deadline, not only the nearest: what it is for, whose it is, its warning and due times, the time left (in
 * the responsible side's business hours where the deadline is counted in them) and whether it is breached.
 */
@Component
public class Deadlines {

    private final JdbcTemplate jdbc;
    private final Calendars calendars;

    public Deadlines(JdbcTemplate jdbc, Calendars calendars) {
        this.jdbc = jdbc;
        this.calendars = calendars;
    }

    /**
     * @param remainingMinutes time left until due (negative: overdue); business minutes when {@code businessTime}
     */
    public record Deadline(String deadlineId, String projectId, DeadlineKind kind, String messageId,
                           String responsibleRole, Instant startedAt, Instant warnAt, Instant dueAt, String state,
                           boolean breached, boolean businessTime, long remainingMinutes, Instant answeredAt,
                           String answeredBy, Instant breachedAt) {
    }

    private static final String COLUMNS = """
            select deadline_id, project_id, kind, message_id, responsible_role, started_at, warn_at, due_at, state,
                   answered_at, answered_by, breached_at
            from deadlines""";

    /**
     * Pending deadlines (and those breached within {@code breachedWithin}), soonest first.
     *
     * @param projects null for every project
     */
    public List<Deadline> open(Set<String> projects, String projectId, Instant now, Duration breachedWithin, int limit) {
        String[] scope = projects == null ? null : projects.toArray(String[]::new);
        Map<String, BusinessCalendar> expertCalendars = new HashMap<>();
        return jdbc.query(COLUMNS + """

                where (state in ('PENDING', 'WARNED') or (state = 'BREACHED' and breached_at >= ?))
                  and (?::text[] is null or project_id = any(?::text[])) and (?::text is null or project_id = ?)
                order by due_at, deadline_id limit ?""", (rs, i) -> deadline(rs, now, expertCalendars),
                Timestamp.from(now.minus(breachedWithin)), scope, scope, projectId, projectId, limit);
    }

    /** A project's deadlines of every state, newest first: its history. */
    public List<Deadline> ofProject(String projectId, Instant now, int limit) {
        Map<String, BusinessCalendar> expertCalendars = new HashMap<>();
        return jdbc.query(COLUMNS + " where project_id = ? order by started_at desc, deadline_id limit ?",
                (rs, i) -> deadline(rs, now, expertCalendars), projectId, limit);
    }

    /**
     * A row of {@link #COLUMNS} as shown: breached once due and not met; the time remaining in the responsible side's
     * business time for the kinds counted in it (ops' calendar for ops, the project's expert's otherwise).
     */
    private Deadline deadline(java.sql.ResultSet rs, Instant now, Map<String, BusinessCalendar> expertCalendars)
            throws java.sql.SQLException {
        DeadlineKind kind = DeadlineKind.valueOf(rs.getString(3));
        String project = rs.getString(2);
        Instant due = rs.getTimestamp(8).toInstant();
        String responsible = rs.getString(5);
        boolean business = ResponseClocks.inBusinessTime(kind);
        long remaining;
        if (!business) {
            remaining = Duration.between(now, due).toMinutes();
        } else {
            BusinessCalendar calendar = "PLATFORM_OPS".equals(responsible) ? calendars.ops()
                    : expertCalendars.computeIfAbsent(project, this::expertCalendar);
            remaining = due.isAfter(now) ? calendar.between(now, due).toMinutes() : -calendar.between(due, now).toMinutes();
        }
        String state = rs.getString(9);
        return new Deadline(rs.getString(1), project, kind, rs.getString(4), responsible, rs.getTimestamp(6).toInstant(),
                rs.getTimestamp(7).toInstant(), due, state,
                state.equals("BREACHED") || (!state.equals("MET") && !due.isAfter(now)), business, remaining,
                instant(rs.getTimestamp(10)), rs.getString(11), instant(rs.getTimestamp(12)));
    }

    /** The first expert's calendar of a project (the standard one if it has none). */
    private BusinessCalendar expertCalendar(String projectId) {
        return new Rosters(jdbc).members(projectId, false).stream().filter(m -> m.role() == ParticipantRole.EXPERT)
                .min(java.util.Comparator.comparing(Rosters.Member::userId))
                .map(m -> calendars.of(m.timeZone())).orElse(calendars.standard());
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
