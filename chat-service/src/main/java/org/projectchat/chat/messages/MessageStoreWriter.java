package org.projectchat.chat.messages;

import org.projectchat.chat.attachments.ProjectFiles;
import org.projectchat.contract.ChatEvent;
import org.projectchat.contract.EventEnvelope;
import org.projectchat.contract.EventJson;
import org.projectchat.contract.EventPayload;
import org.projectchat.eventsourcing.projection.ProjectionHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the message store projection writes for chat events: messages, their revisions, read cursors, projects. The kit's
 * {@link org.projectchat.eventsourcing.projection.Projection} around it skips what was applied before and keeps the
 * roster. Every applied event also lands in the feed that live streams read, and NOTIFY wakes them.
 */
@Component
public class MessageStoreWriter implements ProjectionHandler {

    public static final String NAME = "message-store";
    public static final String FEED_CHANNEL = "chat_feed";
    /** Its tables, rebuilt together by a replay (with the roster's, which this projection keeps). */
    public static final List<String> TABLES = List.of("projects", "messages", "message_revisions", "read_cursors",
            "project_rosters", "project_participants");

    private final ProjectFiles files;

    public MessageStoreWriter(ProjectFiles files) {
        this.files = files;
    }

    /** A feed row waiting to be written at the end of the transaction. */
    private record FeedRow(String projectId, long version, String type, String visibility, String item) {
    }

    /**
     * Applies new events in order. Runs of posts (the bulk of the traffic) are written as arrays in one statement; the
     * last run goes in the statement that writes the feed, so a batch of posts costs one round trip.
     */
    @Override
    public void apply(List<EventEnvelope<EventPayload>> events, JdbcTemplate jdbc) {
        List<FeedRow> feed = new ArrayList<>();
        List<EventEnvelope<EventPayload>> posts = new ArrayList<>();
        for (EventEnvelope<EventPayload> event : events) {
            if (event.payload() instanceof ChatEvent.MessagePosted) {
                posts.add(event);
            } else if (event.payload() instanceof ChatEvent chatEvent) {
                if (!posts.isEmpty()) {
                    write(posts, List.of(), jdbc); // what comes next (an edit of one of them) must find them
                    posts.forEach(p -> feed.add(postedFeedRow(p)));
                    posts.clear();
                }
                applyOne(event, chatEvent, feed, jdbc);
            }
        }
        posts.forEach(p -> feed.add(postedFeedRow(p)));
        write(posts, feed, jdbc);
    }

    /**
     * Posts and feed rows, in one statement. Feed rows are numbered and committed in one order: the lock, taken before
     * they are numbered and held to commit, makes every projection transaction (any thread, any instance) take its
     * sequence numbers only after the previous one committed, so a live stream reading "after seq N" never skips a late
     * commit. The notification goes out at commit.
     */
    private void write(List<EventEnvelope<EventPayload>> posts, List<FeedRow> feed, JdbcTemplate jdbc) {
        if (posts.isEmpty() && feed.isEmpty()) {
            return;
        }
        String[][] m = new String[MESSAGE_COLUMNS][posts.size()];
        for (int i = 0; i < posts.size(); i++) {
            var e = posts.get(i);
            var posted = (ChatEvent.MessagePosted) e.payload();
            String[] row = {posted.messageId(), e.streamId(), Long.toString(posted.position()), posted.clientMessageId(),
                    e.actor().userId(), e.actor().displayName(), e.actor().role(), posted.kind().name(),
                    posted.visibility().name(), posted.body(), json(posted.attachmentFileIds()), json(posted.mentions()),
                    posted.escalation() == null ? null : json(posted.escalation()), e.occurredAt().toString(),
                    posted.priority().name()};
            for (int c = 0; c < MESSAGE_COLUMNS; c++) {
                m[c][i] = row[c];
            }
        }
        jdbc.execute(con -> {
            var statement = con.prepareStatement(POSTS + (feed.isEmpty() ? "select 1" : FEED));
            int i = 0;
            for (String[] column : m) {
                statement.setArray(++i, con.createArrayOf("text", column));
            }
            if (!feed.isEmpty()) {
                statement.setArray(++i, con.createArrayOf("text", feed.stream().map(FeedRow::projectId).toArray(String[]::new)));
                statement.setArray(++i, con.createArrayOf("bigint", feed.stream().map(FeedRow::version).toArray(Long[]::new)));
                statement.setArray(++i, con.createArrayOf("text", feed.stream().map(FeedRow::type).toArray(String[]::new)));
                statement.setArray(++i, con.createArrayOf("text", feed.stream().map(FeedRow::visibility).toArray(String[]::new)));
                statement.setArray(++i, con.createArrayOf("text", feed.stream().map(FeedRow::item).toArray(String[]::new)));
            }
            return statement;
        }, (java.sql.PreparedStatement statement) -> statement.execute());
    }

    private static final int MESSAGE_COLUMNS = 15;

    /** Messages (columns as text, typed here); then {@link #FEED}, or a plain end. */
    private static final String POSTS = """
            with m(message_id, project_id, position, client_message_id, author_id, author_name, author_role, kind,
                   visibility, body, attachments, mentions, escalation, posted_at, priority) as (
                select * from unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
                                     ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[])),
            stored as (
                insert into messages (message_id, project_id, position, client_message_id, author_id, author_name,
                    author_role, kind, visibility, body, attachments, mentions, escalation, posted_at, priority)
                select message_id, project_id, position::bigint, client_message_id, author_id, author_name, author_role,
                       kind, visibility, body, attachments::jsonb, mentions::jsonb, escalation::jsonb,
                       posted_at::timestamptz, priority
                from m on conflict do nothing)
            """;

    private static final String FEED = """
            , locked as (select pg_advisory_xact_lock(hashtext('%1$s')), pg_notify('%1$s', ''))
            insert into feed (project_id, stream_version, type, visibility, item)
            select f.project_id, f.stream_version, f.type, f.visibility, f.item
            from unnest(?::text[], ?::bigint[], ?::text[], ?::text[], ?::text[]) with ordinality
                 as f(project_id, stream_version, type, visibility, item, ord)
            cross join locked
            order by f.ord
            on conflict do nothing""".formatted(FEED_CHANNEL);

    private FeedRow postedFeedRow(EventEnvelope<EventPayload> e) {
        var posted = (ChatEvent.MessagePosted) e.payload();
        var view = MessageView.posted(e.streamId(), posted, files.describe(posted.attachmentFileIds()),
                e.actor().userId(), e.actor().displayName(), e.actor().role(), e.occurredAt());
        return feedRow(e, "message.posted", posted.visibility().name(), Map.of("projectId", e.streamId(), "message", view));
    }

    private static void applyOne(EventEnvelope<EventPayload> e, ChatEvent event, List<FeedRow> feed, JdbcTemplate jdbc) {
        String project = e.streamId();
        Timestamp at = Timestamp.from(e.occurredAt());
        switch (event) {
            case ChatEvent.ProjectChatOpened opened -> {
                jdbc.update("insert into projects (project_id, title, opened_at) values (?, ?, ?) on conflict do nothing",
                        project, opened.title(), at);
                feed.add(feedRow(e, "chat.opened", null, Map.of("projectId", project, "title", opened.title(),
                        "participants", opened.participants().stream().map(MessageStoreWriter::publicView).toList())));
            }
            case ChatEvent.ParticipantAdded added -> {
                feed.add(feedRow(e, "participant.added", null, Map.of("projectId", project, "participant", publicView(added.participant()))));
            }
            case ChatEvent.ParticipantRemoved removed -> {
                feed.add(feedRow(e, "participant.removed", null, Map.of("projectId", project, "userId", removed.userId())));
            }
            case ChatEvent.ParticipantRoleChanged changed -> {
                feed.add(feedRow(e, "participant.role-changed", null, Map.of("projectId", project, "userId", changed.userId(),
                        "role", changed.to().name())));
            }
            case ChatEvent.MessagePosted posted -> throw new IllegalStateException("posts are applied in batches");
            case ChatEvent.MessageEdited edited -> {
                // the first revision is the message as posted, kept apart only once it is edited
                jdbc.update("""
                        insert into message_revisions (message_id, revision, body, edited_at, editor_id)
                        select message_id, 1, body, posted_at, author_id from messages where message_id = ?
                        on conflict do nothing""", edited.messageId());
                jdbc.update("update messages set body = ?, revision = ?, mentions = ?::jsonb, edited_at = ? where message_id = ?",
                        edited.body(), edited.revision(), json(edited.mentions()), at, edited.messageId());
                jdbc.update("insert into message_revisions (message_id, revision, body, edited_at, editor_id) values (?, ?, ?, ?, ?) on conflict do nothing",
                        edited.messageId(), edited.revision(), edited.body(), at, e.actor().userId());
                feed.add(feedRow(e, "message.edited", visibilityOf(edited.messageId(), jdbc), Map.of("projectId", project,
                        "messageId", edited.messageId(), "body", edited.body(), "revision", edited.revision(),
                        "mentions", edited.mentions(), "editedAt", e.occurredAt().toString())));
            }
            case ChatEvent.MessageDeleted deleted -> {
                jdbc.update("update messages set deleted = true, deleted_at = ?, deleted_by = ? where message_id = ?",
                        at, e.actor().userId(), deleted.messageId());
                feed.add(feedRow(e, "message.deleted", visibilityOf(deleted.messageId(), jdbc), Map.of("projectId", project,
                        "messageId", deleted.messageId(), "deletedAt", e.occurredAt().toString())));
            }
            case ChatEvent.MessagesRead read -> {
                jdbc.update("""
                        insert into read_cursors (project_id, user_id, up_to_position) values (?, ?, ?)
                        on conflict (project_id, user_id) do update set up_to_position = greatest(read_cursors.up_to_position, excluded.up_to_position)""",
                        project, read.userId(), read.upToPosition());
                feed.add(feedRow(e, "messages.read", null, Map.of("projectId", project, "userId", read.userId(),
                        "upToPosition", read.upToPosition())));
            }
        }
    }

    private static String visibilityOf(String messageId, JdbcTemplate jdbc) {
        List<String> v = jdbc.queryForList("select visibility from messages where message_id = ?", String.class, messageId);
        return v.isEmpty() ? "INTERNAL" : v.getFirst(); // unknown message: show it to ops only
    }

    /** What others may know of a participant: no e-mail address. */
    static Map<String, Object> publicView(ChatEvent.Participant p) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("userId", p.userId());
        view.put("displayName", p.displayName());
        view.put("handle", p.handle());
        view.put("role", p.role().name());
        return view;
    }

    private static FeedRow feedRow(EventEnvelope<EventPayload> e, String type, String visibility, Map<String, Object> item) {
        Map<String, Object> full = new LinkedHashMap<>();
        full.put("type", type);
        full.put("version", e.streamVersion());
        full.put("occurredAt", e.occurredAt().toString());
        full.putAll(item);
        return new FeedRow(e.streamId(), e.streamVersion(), type, visibility, json(full));
    }

    static String json(Object value) {
        return EventJson.mapper().writeValueAsString(value);
    }
}
