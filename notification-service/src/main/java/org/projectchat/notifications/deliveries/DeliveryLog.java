package org.projectchat.notifications.deliveries;

import org.projectchat.contract.ParticipantRole;
import org.projectchat.contract.Visibility;
import org.projectchat.contract.VisibilityRule;
import org.projectchat.eventsourcing.roster.Rosters;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The delivery log as people read it: a user their own (only rows about messages the visibility rule lets them see
 * now: a mention of them in an internal note leaves no trace they could read), ops anyone's, all of it.
 */
@Component
public class DeliveryLog {

    public record Entry(long id, String projectId, String projectTitle, String messageId, String channel, String reason,
                        boolean urgent, String state, String detail, Instant dueAt, int attempts, Instant createdAt,
                        Instant updatedAt) {
    }

    public record Page(List<Entry> items, Long nextBefore) {
    }

    private record Row(Entry entry, String visibility) {
    }

    private final JdbcTemplate jdbc;
    private final Rosters rosters;

    public DeliveryLog(JdbcTemplate jdbc, Rosters rosters) {
        this.jdbc = jdbc;
        this.rosters = rosters;
    }

    public Page page(String userId, boolean staffReader, Long before, int limit, String messageId) {
        List<Row> rows = jdbc.query("""
                select d.id, d.project_id, coalesce(p.title, d.project_id), d.message_id, d.channel, d.reason, d.urgent, d.state,
                       d.detail, d.due_at, d.attempts, d.created_at, d.updated_at, m.visibility
                from deliveries d join messages m on m.message_id = d.message_id left join projects p on p.project_id = d.project_id
                where d.user_id = ? and (?::bigint is null or d.id < ?) and (?::text is null or d.message_id = ?)
                order by d.id desc limit ?""", (rs, i) -> new Row(new Entry(rs.getLong(1), rs.getString(2), rs.getString(3),
                        rs.getString(4), rs.getString(5), rs.getString(6), rs.getBoolean(7), rs.getString(8), rs.getString(9),
                        instant(rs.getTimestamp(10)), rs.getInt(11), instant(rs.getTimestamp(12)), instant(rs.getTimestamp(13))),
                        rs.getString(14)),
                userId, before, before, messageId, messageId, limit + 1);
        boolean more = rows.size() > limit;
        List<Row> page = more ? rows.subList(0, limit) : rows;
        List<Entry> visible = staffReader ? page.stream().map(Row::entry).toList() : visibleToOwner(userId, page);
        return new Page(visible, more ? page.getLast().entry().id() : null);
    }

    /** What was suppressed lately, by reason, of what the reader may see. */
    public Map<String, Long> suppressedSince(String userId, boolean staffReader, Instant since) {
        List<Row> rows = jdbc.query("""
                select d.project_id, d.detail, m.visibility from deliveries d join messages m on m.message_id = d.message_id
                where d.user_id = ? and d.state = 'SUPPRESSED' and d.updated_at >= ?""",
                (rs, i) -> new Row(new Entry(0, rs.getString(1), null, null, null, null, false, "SUPPRESSED", rs.getString(2),
                        null, 0, null, null), rs.getString(3)), userId, Timestamp.from(since));
        List<Entry> visible = staffReader ? rows.stream().map(Row::entry).toList() : visibleToOwner(userId, rows);
        Map<String, Long> counts = new LinkedHashMap<>();
        visible.forEach(e -> counts.merge(e.detail(), 1L, Long::sum));
        return counts;
    }

    /** Counts by state of the rows not yet final, and of those failed lately. */
    public Map<String, Long> openAndFailed(String userId, Instant since) {
        Map<String, Long> counts = new LinkedHashMap<>();
        jdbc.query("""
                select channel || ' ' || state, count(*) from deliveries where user_id = ?
                  and (state in ('PENDING', 'DEFERRED', 'RETRYING') or (state = 'FAILED' and updated_at >= ?))
                group by 1 order by 1""", rs -> {
            counts.put(rs.getString(1), rs.getLong(2));
        }, userId, Timestamp.from(since));
        return counts;
    }

    private List<Entry> visibleToOwner(String userId, List<Row> rows) {
        Map<String, Map<String, ParticipantRole>> roles = rosters.activeRoles(rows.stream().map(r -> r.entry().projectId()).distinct().toList());
        return rows.stream().filter(r -> {
            ParticipantRole role = roles.getOrDefault(r.entry().projectId(), Map.of()).get(userId);
            Visibility visibility = Visibility.valueOf(r.visibility());
            // someone who left still sees what was open to everyone (why a pending email was dropped), nothing more
            return role == null ? visibility == Visibility.EVERYONE
                    : VisibilityRule.maySee(VisibilityRule.Reader.participant(role), visibility);
        }).map(Row::entry).toList();
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
