package org.projectchat.chat.live;

import org.projectchat.chat.messages.MessageStoreWriter;
import org.projectchat.contract.ParticipantRole;
import org.projectchat.contract.Visibility;
import org.projectchat.contract.VisibilityRule;
import org.projectchat.eventsourcing.live.LiveFeed;
import org.projectchat.eventsourcing.roster.Rosters;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;

import java.util.List;
import java.util.Map;

/**
 * The chat's live feed: the message store projection's feed table, one row per applied event, scoped by project;
 * a row reaches a subscriber who takes part in its project now and may see it by the one visibility rule.
 */
final class ChatFeed implements LiveFeed.Source, LiveFeed.Audience {

    private static final RowMapper<LiveFeed.Row> ROW = (rs, i) ->
            new LiveFeed.Row(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5));

    private final JdbcTemplate jdbc;
    private final Rosters rosters;

    ChatFeed(JdbcTemplate jdbc, Rosters rosters) {
        this.jdbc = jdbc;
        this.rosters = rosters;
    }

    static String channel() {
        return MessageStoreWriter.FEED_CHANNEL;
    }

    @Override
    public long latest() {
        Long max = jdbc.queryForObject("select coalesce(max(seq), 0) from feed", Long.class);
        return max == null ? 0 : max;
    }

    @Override
    public List<LiveFeed.Row> after(long seq, int limit) {
        return jdbc.query("select seq, project_id, type, visibility, item from feed where seq > ? order by seq limit ?",
                ROW, seq, limit);
    }

    @Override
    public List<LiveFeed.Row> between(long from, long upTo, String projectId, int limit) {
        return jdbc.query("""
                select seq, project_id, type, visibility, item from feed
                where seq > ? and seq <= ? and (?::text is null or project_id = ?) order by seq limit ?""",
                ROW, from, upTo, projectId, projectId, limit);
    }

    @Override
    public Gate forRows(List<LiveFeed.Row> rows) {
        Map<String, Map<String, ParticipantRole>> roles = rosters.activeRoles(rows.stream().map(LiveFeed.Row::scope).distinct().toList());
        return (listener, row) -> {
            ParticipantRole role = roles.getOrDefault(row.scope(), Map.of()).get(listener.userId());
            if (role == null && !listener.staff()) {
                return false;
            }
            Visibility visibility = row.visibility() == null ? Visibility.EVERYONE : Visibility.valueOf(row.visibility());
            return VisibilityRule.maySee(new VisibilityRule.Reader(role, listener.staff()), visibility);
        };
    }
}
