package org.projectchat.eventsourcing.roster;

import org.projectchat.contract.ParticipantRole;
import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Who takes part in which project, with which role, as this service's projection learnt it. */
public class Rosters {

    private final JdbcTemplate jdbc;

    public Rosters(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** A participant as others may know them: no e-mail address. */
    public record Member(String userId, String displayName, String handle, ParticipantRole role, String timeZone,
                         boolean active, Instant joinedAt, Instant leftAt) {
    }

    /** Where a user stands in a project: whether the project is known, and their role if they take part now. */
    public record Standing(boolean projectKnown, ParticipantRole role) {
    }

    public Standing standing(String projectId, String userId) {
        List<String> roles = jdbc.queryForList("""
                select coalesce((select role from project_participants
                                 where project_id = r.project_id and user_id = ? and active), '')
                from project_rosters r where r.project_id = ?""", String.class, userId, projectId);
        if (roles.isEmpty()) {
            return new Standing(false, null);
        }
        return new Standing(true, roles.getFirst().isEmpty() ? null : ParticipantRole.valueOf(roles.getFirst()));
    }

    /** Active participants and their roles, per project, for these projects. */
    public Map<String, Map<String, ParticipantRole>> activeRoles(Collection<String> projectIds) {
        Map<String, Map<String, ParticipantRole>> roles = new HashMap<>();
        if (projectIds.isEmpty()) {
            return roles;
        }
        jdbc.query("select project_id, user_id, role from project_participants where active and project_id = any(?)", rs -> {
            roles.computeIfAbsent(rs.getString(1), k -> new HashMap<>()).put(rs.getString(2), ParticipantRole.valueOf(rs.getString(3)));
        }, (Object) projectIds.toArray(String[]::new));
        return roles;
    }

    /** The projects a user takes part in now, with their role, by project id. */
    public Map<String, ParticipantRole> activeProjectsOf(String userId) {
        Map<String, ParticipantRole> projects = new LinkedHashMap<>();
        jdbc.query("select project_id, role from project_participants where user_id = ? and active order by project_id",
                rs -> {
                    projects.put(rs.getString(1), ParticipantRole.valueOf(rs.getString(2)));
                }, userId);
        return projects;
    }

    /** A project's participants in the order they joined; former ones too if asked. */
    public List<Member> members(String projectId, boolean includeFormer) {
        return jdbc.query("""
                select user_id, display_name, handle, role, time_zone, active, joined_at, left_at from project_participants
                where project_id = ? and (active or ?) order by joined_at, user_id""",
                (rs, i) -> new Member(rs.getString(1), rs.getString(2), rs.getString(3), ParticipantRole.valueOf(rs.getString(4)),
                        rs.getString(5), rs.getBoolean(6), instant(rs.getTimestamp(7)), instant(rs.getTimestamp(8))),
                projectId, includeFormer);
    }

    /** The users with these @handles in any project (a handle is unique within a project, whatever its case). */
    public List<String> userIdsForHandles(Collection<String> handles) {
        if (handles.isEmpty()) {
            return List.of();
        }
        return jdbc.queryForList("select distinct user_id from project_participants where lower(handle) = any(?)", String.class,
                (Object) handles.stream().map(h -> h.toLowerCase(Locale.ROOT)).toArray(String[]::new));
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
