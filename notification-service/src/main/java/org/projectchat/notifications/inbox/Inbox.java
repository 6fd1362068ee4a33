package org.projectchat.notifications.inbox;

import org.projectchat.contract.FencedCode;
import org.projectchat.contract.ParticipantRole;
import org.projectchat.contract.Visibility;
import org.projectchat.contract.VisibilityRule;
import org.projectchat.eventsourcing.roster.Rosters;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.projectchat.notifications.links.Links;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The in-app feed: a user's notifications, newest first, unread counts, marking read. Each item is checked again
 * against the visibility rule as it is read, with the reader's role in the project now.
 */
@Component
public class Inbox {

    /** Characters of a message shown in an item: enough to know what it is about. */
    public static final int EXCERPT = 200;

    public record Item(long id, String projectId, String projectTitle, String messageId, long position, String reason,
                       boolean urgent, String excerpt, Author author, Instant createdAt, Instant readAt, String link) {
    }

    public record Author(String userId, String displayName) {
    }

    public record Page(List<Item> items, Long nextBefore, long unread) {
    }

    static final String SELECT = """
            select n.id, n.project_id, coalesce(p.title, n.project_id), n.message_id, m.position, n.reason, n.urgent, m.body,
                   m.author_id, m.author_name, n.created_at, n.read_at, m.visibility, n.user_id
            from notifications n join messages m on m.message_id = n.message_id left join projects p on p.project_id = n.project_id
            """;

    private final JdbcTemplate jdbc;
    private final Rosters rosters;
    private final Clock clock;
    private final Links links;

    public Inbox(JdbcTemplate jdbc, Rosters rosters, Clock clock, Links links) {
        this.jdbc = jdbc;
        this.rosters = rosters;
        this.clock = clock;
        this.links = links;
    }

    public Page page(String userId, Long before, int limit, boolean unreadOnly) {
        List<Row> rows = jdbc.query(SELECT + """
                where n.user_id = ? and not n.withdrawn and (?::bigint is null or n.id < ?) and (not ? or n.read_at is null)
                order by n.id desc limit ?""", ROW, userId, before, before, unreadOnly, limit + 1);
        boolean more = rows.size() > limit;
        List<Row> shown = more ? rows.subList(0, limit) : rows;
        List<Item> items = visible(shown);
        return new Page(items, more ? shown.getLast().id() : null, unread(userId));
    }

    public long unread(String userId) {
        Long n = jdbc.queryForObject("select count(*) from notifications where user_id = ? and read_at is null and not withdrawn",
                Long.class, userId);
        return n == null ? 0 : n;
    }

    /** Marks items read; ids of others' items are ignored. How many changed. */
    public int markRead(String userId, Collection<Long> ids) {
        return jdbc.update("update notifications set read_at = ? where user_id = ? and id = any(?) and read_at is null",
                Timestamp.from(clock.instant()), userId, ids.toArray(Long[]::new));
    }

    public int markAllRead(String userId) {
        return jdbc.update("update notifications set read_at = ? where user_id = ? and read_at is null",
                Timestamp.from(clock.instant()), userId);
    }

    /** Items as the live feed sends them: those the reader may see, with the role they have now. */
    List<Item> visible(List<Row> rows) {
        Map<String, Map<String, ParticipantRole>> roles = rosters.activeRoles(rows.stream().map(Row::projectId).distinct().toList());
        return rows.stream().filter(r -> {
            ParticipantRole role = roles.getOrDefault(r.projectId(), Map.of()).get(r.userId());
            return role != null && VisibilityRule.maySee(VisibilityRule.Reader.participant(role), Visibility.valueOf(r.visibility()));
        }).map(this::item).toList();
    }

    Item item(Row r) {
        return new Item(r.id(), r.projectId(), r.projectTitle(), r.messageId(), r.position(), r.reason(), r.urgent(),
                excerpt(r.body()), new Author(r.authorId(), r.authorName()), r.createdAt(), r.readAt(),
                links.message(r.projectId(), r.messageId()));
    }

    /** The prose of a message, shortened; code blocks stand as "[code]". */
    public static String excerpt(String body) {
        StringBuilder text = new StringBuilder();
        for (FencedCode.Part part : FencedCode.parse(body)) {
            switch (part) {
                case FencedCode.Prose prose -> text.append(prose.text());
                case FencedCode.Code ignored -> text.append(" [code] ");
            }
        }
        String flat = text.toString().replaceAll("\\s+", " ").strip();
        return flat.length() <= EXCERPT ? flat : flat.substring(0, EXCERPT - 1) + "…";
    }

    record Row(long id, String projectId, String projectTitle, String messageId, long position, String reason, boolean urgent,
               String body, String authorId, String authorName, Instant createdAt, Instant readAt, String visibility,
               String userId) {
    }

    static final RowMapper<Row> ROW = (rs, i) -> new Row(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
            rs.getLong(5), rs.getString(6), rs.getBoolean(7), rs.getString(8), rs.getString(9), rs.getString(10),
            rs.getTimestamp(11).toInstant(), rs.getTimestamp(12) == null ? null : rs.getTimestamp(12).toInstant(),
            rs.getString(13), rs.getString(14));
}
