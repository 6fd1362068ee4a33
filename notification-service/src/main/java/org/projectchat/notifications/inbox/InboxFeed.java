package org.projectchat.notifications.inbox;

import org.projectchat.contract.EventJson;
import org.projectchat.contract.ParticipantRole;
import org.projectchat.contract.Visibility;
import org.projectchat.contract.VisibilityRule;
import org.projectchat.eventsourcing.live.LiveFeed;
import org.projectchat.eventsourcing.roster.Rosters;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.List;
import java.util.Map;

/**
 * The in-app feed live: each new notification is a row (its id the SSE event id, scoped by user) that reaches its
 * own user only, and only while the visibility rule lets them see its message.
 */
final class InboxFeed implements LiveFeed.Source, LiveFeed.Audience {

    private final JdbcTemplate jdbc;
    private final Rosters rosters;
    private final Inbox inbox;

    InboxFeed(JdbcTemplate jdbc, Rosters rosters, Inbox inbox) {
        this.jdbc = jdbc;
        this.rosters = rosters;
        this.inbox = inbox;
    }

    @Override
    public long latest() {
        Long max = jdbc.queryForObject("select coalesce(max(id), 0) from notifications", Long.class);
        return max == null ? 0 : max;
    }

    @Override
    public List<LiveFeed.Row> after(long seq, int limit) {
        return rows(jdbc.query(Inbox.SELECT + " where n.id > ? and not n.withdrawn order by n.id limit ?", Inbox.ROW, seq, limit));
    }

    @Override
    public List<LiveFeed.Row> between(long from, long upTo, String userId, int limit) {
        return rows(jdbc.query(Inbox.SELECT + """
                 where n.id > ? and n.id <= ? and (?::text is null or n.user_id = ?) and not n.withdrawn order by n.id limit ?""",
                Inbox.ROW, from, upTo, userId, userId, limit));
    }

    private List<LiveFeed.Row> rows(List<Inbox.Row> rows) {
        return rows.stream().map(r -> new LiveFeed.Row(r.id(), r.userId(), "notification", r.visibility() + "|" + r.projectId(),
                EventJson.mapper().writeValueAsString(inbox.item(r)))).toList();
    }

    @Override
    public Gate forRows(List<LiveFeed.Row> rows) {
        Map<String, Map<String, ParticipantRole>> roles = rosters.activeRoles(rows.stream().map(InboxFeed::project).distinct().toList());
        return (listener, row) -> {
            if (!row.scope().equals(listener.userId())) {
                return false; // one's own notifications only, staff or not
            }
            ParticipantRole role = roles.getOrDefault(project(row), Map.of()).get(listener.userId());
            return role != null && VisibilityRule.maySee(VisibilityRule.Reader.participant(role), visibility(row));
        };
    }

    private static String project(LiveFeed.Row row) {
        return row.visibility().substring(row.visibility().indexOf('|') + 1);
    }

    private static Visibility visibility(LiveFeed.Row row) {
        return Visibility.valueOf(row.visibility().substring(0, row.visibility().indexOf('|')));
    }
}
