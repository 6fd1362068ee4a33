package org.projectchat.notifications.preferences;

import org.projectchat.notifications.availability.Reachability;
import org.projectchat.notifications.availability.WeeklyHours;
import org.projectchat.notifications.recipients.Level;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Notification preferences and personal settings: level and email cadence per user (project '' is the default) with
 * per-project overrides; time zone, digest hour, Do Not Disturb and weekly hours per user.
 */
@Component
public class Preferences {

    /** The row of a user's defaults. */
    public static final String DEFAULTS = "";
    public static final Level DEFAULT_LEVEL = Level.MENTIONS;
    public static final EmailCadence DEFAULT_CADENCE = EmailCadence.IMMEDIATE;

    /** What a user chose, where they chose it; null fields fall back to the default. */
    public record Choice(Level level, EmailCadence emailCadence) {
    }

    /** A user's own settings; null time zone means the one the platform gave them (roster), else UTC. */
    public record Settings(String timeZone, int digestHour, Instant dndUntil, WeeklyHours hours) {
    }

    private final JdbcTemplate jdbc;

    public Preferences(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Map<String, Choice> choices(String userId) {
        Map<String, Choice> choices = new HashMap<>();
        jdbc.query("select project_id, level, email_cadence from preferences where user_id = ?", rs -> {
            choices.put(rs.getString(1), new Choice(enumOrNull(Level.class, rs.getString(2)),
                    enumOrNull(EmailCadence.class, rs.getString(3))));
        }, userId);
        return choices;
    }

    public void choose(String userId, String projectId, Choice choice) {
        jdbc.update("""
                insert into preferences (user_id, project_id, level, email_cadence) values (?, ?, ?, ?)
                on conflict (user_id, project_id) do update set level = excluded.level, email_cadence = excluded.email_cadence""",
                userId, projectId, name(choice.level()), name(choice.emailCadence()));
    }

    /** Switches email off for a project (or, with {@link #DEFAULTS}, everywhere), keeping the level. */
    public void emailOff(String userId, String projectId) {
        jdbc.update("""
                insert into preferences (user_id, project_id, email_cadence) values (?, ?, 'OFF')
                on conflict (user_id, project_id) do update set email_cadence = 'OFF'""", userId, projectId);
    }

    public void forget(String userId, String projectId) {
        jdbc.update("delete from preferences where user_id = ? and project_id = ?", userId, projectId);
    }

    public Settings settings(String userId) {
        List<Settings> found = jdbc.query("select time_zone, digest_hour, dnd_until, hours from user_settings where user_id = ?",
                (rs, i) -> new Settings(rs.getString(1), rs.getInt(2), instant(rs.getTimestamp(3)),
                        WeeklyHoursJson.read(rs.getString(4), zone(rs.getString(1), null))), userId);
        return found.isEmpty() ? new Settings(null, 8, null, null) : found.getFirst();
    }

    public void dnd(String userId, Instant until) {
        jdbc.update("""
                insert into user_settings (user_id, dnd_until) values (?, ?)
                on conflict (user_id) do update set dnd_until = excluded.dnd_until""", userId, until == null ? null : Timestamp.from(until));
    }

    public void personal(String userId, String timeZone, int digestHour, WeeklyHours hours) {
        jdbc.update("""
                insert into user_settings (user_id, time_zone, digest_hour, hours) values (?, ?, ?, ?)
                on conflict (user_id) do update set time_zone = excluded.time_zone, digest_hour = excluded.digest_hour,
                    hours = excluded.hours""", userId, timeZone, digestHour, WeeklyHoursJson.write(hours));
    }

    /**
     * The profiles of these participants of a project, in few queries: what the dispatchers check again before
     * sending.
     */
    public Map<String, Profile> profiles(String projectId, Collection<String> userIds) {
        return profiles(Map.of(projectId, userIds)).getOrDefault(projectId, new HashMap<>());
    }

    /**
     * The profiles of participants of several projects (project → user → profile) in two queries, however many
     * projects: what the intake needs to route one poll's messages.
     */
    public Map<String, Map<String, Profile>> profiles(Map<String, ? extends Collection<String>> usersByProject) {
        Map<String, Map<String, Profile>> profiles = new HashMap<>();
        List<String> projectColumn = new java.util.ArrayList<>();
        List<String> userColumn = new java.util.ArrayList<>();
        usersByProject.forEach((project, users) -> users.forEach(user -> {
            projectColumn.add(project);
            userColumn.add(user);
        }));
        if (userColumn.isEmpty()) {
            return profiles;
        }
        String[] users = userColumn.stream().distinct().toArray(String[]::new);
        String[] projects = java.util.stream.Stream.concat(java.util.stream.Stream.of(DEFAULTS), usersByProject.keySet().stream())
                .toArray(String[]::new);
        // user -> project (or DEFAULTS) -> choice
        Map<String, Map<String, Choice>> choices = new HashMap<>();
        jdbc.query("select user_id, project_id, level, email_cadence from preferences where user_id = any(?) and project_id = any(?)",
                rs -> {
                    choices.computeIfAbsent(rs.getString(1), k -> new HashMap<>()).put(rs.getString(2),
                            new Choice(enumOrNull(Level.class, rs.getString(3)), enumOrNull(EmailCadence.class, rs.getString(4))));
                }, users, projects);
        jdbc.query("""
                select u.project, u.id, p.email, p.time_zone, s.time_zone, s.digest_hour, s.dnd_until, s.hours,
                       p.display_name,
                       exists (select 1 from push_subscriptions ps where ps.user_id = u.id)
                from unnest(?::text[], ?::text[]) as u(project, id)
                left join project_participants p on p.project_id = u.project and p.user_id = u.id
                left join user_settings s on s.user_id = u.id""", rs -> {
            String projectId = rs.getString(1);
            String userId = rs.getString(2);
            ZoneId zone = zone(rs.getString(5), rs.getString(4));
            Map<String, Choice> mine = choices.getOrDefault(userId, Map.of());
            Choice project = mine.getOrDefault(projectId, new Choice(null, null));
            Choice defaults = mine.getOrDefault(DEFAULTS, new Choice(null, null));
            Level level = project.level() != null ? project.level() : defaults.level() != null ? defaults.level() : DEFAULT_LEVEL;
            EmailCadence cadence = project.emailCadence() != null ? project.emailCadence()
                    : defaults.emailCadence() != null ? defaults.emailCadence() : DEFAULT_CADENCE;
            int digestHour = rs.getObject(6) == null ? 8 : rs.getInt(6);
            WeeklyHours hours = WeeklyHoursJson.read(rs.getString(8), zone);
            profiles.computeIfAbsent(projectId, k -> new HashMap<>()).put(userId, new Profile(userId, rs.getString(9),
                    rs.getString(3), level, cadence, zone, digestHour, new Reachability(instant(rs.getTimestamp(7)), hours),
                    rs.getBoolean(10)));
        }, projectColumn.toArray(String[]::new), userColumn.toArray(String[]::new));
        return profiles;
    }

    /** The user's own zone, else the platform's, else UTC; an unknown zone id counts as none. */
    public static ZoneId zone(String own, String platform) {
        for (String id : new String[]{own, platform}) {
            if (id != null && !id.isBlank()) {
                try {
                    return ZoneId.of(id);
                } catch (DateTimeException unknown) {
                    // next
                }
            }
        }
        return ZoneOffset.UTC;
    }

    private static <E extends Enum<E>> E enumOrNull(Class<E> type, String name) {
        return name == null ? null : Enum.valueOf(type, name);
    }

    private static String name(Enum<?> e) {
        return e == null ? null : e.name();
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
