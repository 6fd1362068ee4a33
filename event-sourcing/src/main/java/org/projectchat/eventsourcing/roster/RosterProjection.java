package org.projectchat.eventsourcing.roster;

import org.projectchat.contract.ChatEvent;
import org.projectchat.contract.EventEnvelope;
import org.projectchat.contract.EventPayload;
import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.Timestamp;
import java.util.List;

/**
 * Keeps the project rosters from chat.events.v1's participant events. It runs inside a projection's transaction,
 * on the events the projection has not applied yet, so it is as idempotent as the projection is.
 */
public final class RosterProjection {

    private RosterProjection() {
    }

    /** Whether an event changes a roster. */
    public static boolean changesRoster(EventPayload event) {
        return event instanceof ChatEvent.ProjectChatOpened || event instanceof ChatEvent.ParticipantAdded
                || event instanceof ChatEvent.ParticipantRemoved || event instanceof ChatEvent.ParticipantRoleChanged;
    }

    public static void apply(List<EventEnvelope<EventPayload>> events, JdbcTemplate jdbc) {
        for (EventEnvelope<EventPayload> e : events) {
            if (changesRoster(e.payload())) {
                apply(e, jdbc);
            }
        }
    }

    private static void apply(EventEnvelope<EventPayload> e, JdbcTemplate jdbc) {
        String project = e.streamId();
        Timestamp at = Timestamp.from(e.occurredAt());
        switch ((ChatEvent) e.payload()) {
            case ChatEvent.ProjectChatOpened opened -> {
                jdbc.update("insert into project_rosters (project_id, opened_at) values (?, ?) on conflict do nothing", project, at);
                opened.participants().forEach(p -> join(project, p, at, jdbc));
            }
            case ChatEvent.ParticipantAdded added -> join(project, added.participant(), at, jdbc);
            case ChatEvent.ParticipantRemoved removed -> jdbc.update(
                    "update project_participants set active = false, left_at = ? where project_id = ? and user_id = ?",
                    at, project, removed.userId());
            case ChatEvent.ParticipantRoleChanged changed -> jdbc.update(
                    "update project_participants set role = ? where project_id = ? and user_id = ?",
                    changed.to().name(), project, changed.userId());
            default -> { }
        }
    }

    private static void join(String project, ChatEvent.Participant p, Timestamp at, JdbcTemplate jdbc) {
        jdbc.update("""
                insert into project_participants (project_id, user_id, display_name, handle, email, role, time_zone, active, joined_at)
                values (?, ?, ?, ?, ?, ?, ?, true, ?)
                on conflict (project_id, user_id) do update set display_name = excluded.display_name,
                    handle = excluded.handle, email = excluded.email, role = excluded.role,
                    time_zone = excluded.time_zone, active = true, joined_at = excluded.joined_at, left_at = null""",
                project, p.userId(), p.displayName(), p.handle(), p.email(), p.role().name(), p.timeZone(), at);
    }
}
