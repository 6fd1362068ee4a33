package org.projectchat.escalations.cadence;

import org.projectchat.contract.EscalationEvent.ReminderKind;
import org.projectchat.contract.MessageKind;
import org.projectchat.contract.ParticipantRole;
import org.projectchat.escalations.domain.calendar.BusinessCalendar;
import org.projectchat.escalations.calendar.Calendars;
import org.projectchat.escalations.commands.EscalationCommands;
import org.projectchat.escalations.domain.EscalationCommand;
import org.projectchat.escalations.domain.ResponseClocks;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.IsoFields;
import java.util.List;

/**
 * How often experts report, as the chat guide asks: a progress update every business day, a weekly summary every
 * week. Each expert of a project has a cadence timer that fires at the start of each of their business days; an
 * expert whose last business day had no progress update is reminded, and one without a weekly summary for seven days.
 * A reminder is issued once per day or week whatever the replays (its idempotency key names the period).
 */
@Component
public class Cadence {

    public static final String CADENCE_TIMER = "CADENCE";
    static final Duration WEEK = Duration.ofDays(7);

    private final Calendars calendars;
    private final EscalationCommands commands;

    public Cadence(Calendars calendars, EscalationCommands commands) {
        this.calendars = calendars;
        this.commands = commands;
    }

    static String timerKey(String projectId, String userId) {
        return "cadence:" + projectId + ":" + userId;
    }

    /** A participant joined or changed role: an expert gets a cadence and its timer, anyone else has none. */
    public void joined(JdbcTemplate jdbc, String projectId, String userId, ParticipantRole role, String timeZone, Instant at) {
        if (role != ParticipantRole.EXPERT) {
            left(jdbc, projectId, userId);
            return;
        }
        jdbc.update("insert into cadence (project_id, user_id, since) values (?, ?, ?) on conflict do nothing",
                projectId, userId, Timestamp.from(at));
        jdbc.update("""
                insert into timers (timer_key, project_id, kind, fire_at) values (?, ?, ?, ?) on conflict do nothing""",
                timerKey(projectId, userId), projectId, CADENCE_TIMER, Timestamp.from(nextCheck(calendars.of(timeZone), at)));
    }

    public void left(JdbcTemplate jdbc, String projectId, String userId) {
        jdbc.update("delete from cadence where project_id = ? and user_id = ?", projectId, userId);
        jdbc.update("delete from timers where timer_key = ?", timerKey(projectId, userId));
    }

    /** An expert posted: a progress update or weekly summary is remembered. */
    public void reported(JdbcTemplate jdbc, String projectId, String userId, MessageKind kind, Instant at) {
        if (kind == MessageKind.PROGRESS_UPDATE) {
            jdbc.update("""
                    update cadence set last_progress_at = greatest(last_progress_at, ?) where project_id = ? and user_id = ?""",
                    Timestamp.from(at), projectId, userId);
        } else if (kind == MessageKind.WEEKLY_SUMMARY) {
            jdbc.update("""
                    update cadence set last_weekly_at = greatest(last_weekly_at, ?) where project_id = ? and user_id = ?""",
                    Timestamp.from(at), projectId, userId);
        }
    }

    /** The start of the expert's next business day after {@code at}: when their cadence is checked next. */
    static Instant nextCheck(BusinessCalendar calendar, Instant at) {
        LocalDate tomorrow = LocalDate.ofInstant(at, calendar.zone()).plusDays(1);
        return calendar.nextWorkingStart(calendar.day(tomorrow)[0]);
    }

    private record Row(String userId, Instant since, Instant lastProgress, Instant lastWeekly, Instant lastWeeklyReminder,
                       String timeZone) {
    }

    /**
     * A cadence timer fired at {@code now}: reminders for what is missing, and the timer set to the next business
     * day. Returns the next check, or null if the expert is no longer in the project.
     */
    public Instant check(JdbcTemplate jdbc, String timerKey, String projectId, Instant now) {
        String userId = timerKey.substring(("cadence:" + projectId + ":").length());
        List<Row> rows = jdbc.query("""
                select c.user_id, c.since, c.last_progress_at, c.last_weekly_at, c.last_weekly_reminder_at, p.time_zone
                from cadence c left join project_participants p on p.project_id = c.project_id and p.user_id = c.user_id
                where c.project_id = ? and c.user_id = ?""",
                (rs, i) -> new Row(rs.getString(1), instant(rs.getTimestamp(2)), instant(rs.getTimestamp(3)),
                        instant(rs.getTimestamp(4)), instant(rs.getTimestamp(5)), rs.getString(6)), projectId, userId);
        if (rows.isEmpty()) {
            return null;
        }
        Row row = rows.getFirst();
        BusinessCalendar calendar = calendars.of(row.timeZone());
        LocalDate lastDay = calendar.previousWorkingDay(now);
        Instant[] day = calendar.day(lastDay);
        boolean presentAllDay = !row.since().isAfter(day[0]);
        boolean reported = row.lastProgress() != null && !row.lastProgress().isBefore(day[0]);
        if (presentAllDay && !reported) {
            remind(projectId, userId, ReminderKind.DAILY_PROGRESS, lastDay.toString());
        }
        Instant weekFrom = latest(row.since(), row.lastWeekly(), row.lastWeeklyReminder());
        if (!now.isBefore(weekFrom.plus(WEEK))) {
            LocalDate today = LocalDate.ofInstant(now, calendar.zone());
            String week = today.get(IsoFields.WEEK_BASED_YEAR) + "-W" + String.format("%02d", today.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
            remind(projectId, userId, ReminderKind.WEEKLY_SUMMARY, week);
            jdbc.update("update cadence set last_weekly_reminder_at = ? where project_id = ? and user_id = ?",
                    Timestamp.from(now), projectId, userId);
        }
        return nextCheck(calendar, now);
    }

    private void remind(String projectId, String userId, ReminderKind kind, String period) {
        String key = "remind:" + kind + ":" + userId + ":" + period;
        commands.run(projectId, new EscalationCommand.Remind(ResponseClocks.id("reminder", projectId + ":" + key), kind,
                userId, period), EscalationCommands.SYSTEM, key, null);
    }

    private static Instant latest(Instant... instants) {
        Instant latest = null;
        for (Instant i : instants) {
            if (i != null && (latest == null || i.isAfter(latest))) {
                latest = i;
            }
        }
        return latest;
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
