package org.projectchat.chat.messages;

import org.projectchat.chat.attachments.ProjectFiles;
import org.projectchat.contract.ChatEvent;
import org.projectchat.contract.EventJson;
import org.projectchat.contract.Visibility;
import org.projectchat.contract.VisibilityRule;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/** Queries of the message store. Every one filters by the visibility rule for its reader. */
@Repository
public class MessageStore {

    static final String COLUMNS = """
            message_id, project_id, position, client_message_id, author_id, author_name, author_role, kind, visibility,
            body, revision, attachments::text, mentions::text, escalation::text, posted_at, edited_at, deleted,
            deleted_at, deleted_by, """ + ProjectFiles.ATTACHED_FILES_COLUMN + ", priority ";
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() { };
    private static final TypeReference<List<ChatEvent.Mention>> MENTIONS = new TypeReference<>() { };

    private final JdbcTemplate jdbc;

    public MessageStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public record Page(List<MessageView> items, Long nextBefore) {
    }

    public record Revision(int revision, String body, Instant editedAt, String editorId) {
    }

    static String[] visibilities(VisibilityRule.Reader reader) {
        return VisibilityRule.visibleTo(reader).stream().map(Visibility::name).toArray(String[]::new);
    }

    /** Newest first, before a position (exclusive); {@code nextBefore} scrolls further up. */
    public Page history(String projectId, VisibilityRule.Reader reader, long before, int limit) {
        List<MessageView> items = jdbc.query("select " + COLUMNS + """
                 from messages where project_id = ? and visibility = any(?) and position < ?
                 order by position desc limit ?""", rowMapper(reader),
                projectId, visibilities(reader), before, limit + 1);
        Long next = null;
        if (items.size() > limit) {
            items = items.subList(0, limit);
            next = items.getLast().position();
        }
        return new Page(items, next);
    }

    public Optional<MessageView> message(String projectId, String messageId, VisibilityRule.Reader reader) {
        return jdbc.query("select " + COLUMNS + " from messages where project_id = ? and message_id = ? and visibility = any(?)",
                rowMapper(reader), projectId, messageId, visibilities(reader)).stream().findFirst();
    }

    /** Every version of a message's body, the first as posted (kept apart only once the message is edited). */
    public List<Revision> revisions(String messageId) {
        return jdbc.query("""
                select revision, body, edited_at, editor_id from message_revisions where message_id = ?
                union all
                select 1, body, posted_at, author_id from messages m where message_id = ?
                  and not exists (select 1 from message_revisions r where r.message_id = m.message_id)
                order by 1""",
                (rs, i) -> new Revision(rs.getInt(1), rs.getString(2), instant(rs.getTimestamp(3)), rs.getString(4)),
                messageId, messageId);
    }

    public record Unread(String projectId, String title, long unread, long readUpTo, long lastPosition) {
    }

    /** Visible, undeleted messages by others after the user's read cursor. */
    public Unread unread(String projectId, String userId, VisibilityRule.Reader reader) {
        return jdbc.queryForObject("""
                select coalesce(c.up_to_position, 0),
                       (select count(*) from messages m where m.project_id = p.project_id and m.visibility = any(?)
                          and not m.deleted and m.author_id <> ? and m.position > coalesce(c.up_to_position, 0)),
                       (select coalesce(max(m.position), 0) from messages m where m.project_id = p.project_id), p.title
                from projects p left join read_cursors c on c.project_id = p.project_id and c.user_id = ?
                where p.project_id = ?""",
                (rs, i) -> new Unread(projectId, rs.getString(4), rs.getLong(2), rs.getLong(1), rs.getLong(3)),
                visibilities(reader), userId, userId, projectId);
    }

    /** The project chat's title. */
    public String title(String projectId) {
        return jdbc.queryForObject("select title from projects where project_id = ?", String.class, projectId);
    }

    /** Streams a project's visible messages oldest first (export); the content of deleted ones only for reviewers. */
    public void forEachMessage(String projectId, VisibilityRule.Reader reader, Consumer<MessageView> consumer) {
        jdbc.query(con -> {
            var ps = con.prepareStatement("select " + COLUMNS + " from messages where project_id = ? and visibility = any(?) order by position");
            ps.setString(1, projectId);
            ps.setArray(2, con.createArrayOf("text", visibilities(reader)));
            ps.setFetchSize(500);
            return ps;
        }, (ResultSet rs) -> {
            consumer.accept(rowMapper(reader).mapRow(rs, 0));
        });
    }

    static RowMapper<MessageView> rowMapper(VisibilityRule.Reader reader) {
        boolean reviewer = VisibilityRule.mayReview(reader);
        return (rs, i) -> {
            MessageView view = map(rs);
            return view.deleted() && !reviewer ? view.tombstone() : view;
        };
    }

    static MessageView map(ResultSet rs) throws SQLException {
        String escalation = rs.getString(14);
        return new MessageView(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getString(4),
                new MessageView.Sender(rs.getString(5), rs.getString(6), rs.getString(7)),
                rs.getString(8), rs.getString(9), rs.getString(21), rs.getString(10), rs.getInt(11), rs.getInt(11) > 1,
                EventJson.mapper().readValue(rs.getString(12), STRINGS),
                ProjectFiles.read(rs.getString(20)),
                EventJson.mapper().readValue(rs.getString(13), MENTIONS),
                escalation == null ? null : EventJson.mapper().readValue(escalation, ChatEvent.Escalation.class),
                instant(rs.getTimestamp(15)), instant(rs.getTimestamp(16)), rs.getBoolean(17),
                instant(rs.getTimestamp(18)), rs.getString(19));
    }

    static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
