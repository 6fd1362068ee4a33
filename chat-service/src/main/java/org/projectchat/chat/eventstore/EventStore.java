package org.projectchat.chat.eventstore;

import org.projectchat.chat.chat.MessageFacts;
import org.projectchat.chat.chat.ProjectChat;
import org.projectchat.outbox.OutboxSignal;
import org.projectchat.contract.ChatEvent;
import org.projectchat.contract.EventEnvelope;
import org.projectchat.contract.EventJson;
import org.projectchat.contract.EventPayload;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The write side's events in PostgreSQL. Appends are optimistic: each event takes the next version
 * of its stream and the unique (stream_id, stream_version) refuses a second writer. The same
 * transaction writes the outbox; the relay is signalled after commit.
 */
@Repository
public class EventStore {

    private static final List<String> PROJECT_TYPES =
            List.of("ProjectChatOpened", "ParticipantAdded", "ParticipantRemoved", "ParticipantRoleChanged");

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final OutboxSignal signal;

    public EventStore(JdbcTemplate jdbc, TransactionTemplate tx, OutboxSignal signal) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.signal = signal;
    }

    /** Another writer appended to the stream first; reload and decide again. */
    public static class ConcurrencyConflict extends RuntimeException {
        public ConcurrencyConflict(String streamId) {
            super("concurrent append to " + streamId);
        }
    }

    /** A post with this client message id was already stored. */
    public static class DuplicateClientMessage extends RuntimeException {
        public DuplicateClientMessage() {
            super("duplicate client message id");
        }
    }

    public record ClientMessageId(String authorId, String clientMessageId, String messageId, long position) {
    }

    /** The project's state: its participant events folded, and the stream's current version. */
    public ProjectChat loadProject(String projectId) {
        ProjectChat state = ProjectChat.initial(projectId);
        List<EventEnvelope<EventPayload>> events = jdbc.query(
                "select envelope::text from events where stream_id = ? and type = any(?) order by stream_version",
                (rs, i) -> EventJson.read(rs.getString(1)), projectId, PROJECT_TYPES.toArray(String[]::new));
        for (var e : events) {
            state = state.evolve((ChatEvent) e.payload(), e.streamVersion());
        }
        Long version = jdbc.queryForObject("select max(stream_version) from events where stream_id = ?", Long.class, projectId);
        return new ProjectChat(projectId, state.opened(), state.title(), version == null ? 0 : version, state.participants());
    }

    /** The facts of one message, from its own events; {@code null} if there is no such message. */
    public MessageFacts loadMessage(String projectId, String messageId) {
        List<EventEnvelope<EventPayload>> events = jdbc.query(
                "select envelope::text from events where stream_id = ? and message_id = ? order by stream_version",
                (rs, i) -> EventJson.read(rs.getString(1)), projectId, messageId);
        if (events.isEmpty()) {
            return null;
        }
        return MessageFacts.of(events.stream().map(e -> (ChatEvent) e.payload()).toList(),
                events.stream().map(e -> e.actor().userId()).toList());
    }

    public Optional<ClientMessageId> findClientMessage(String projectId, String authorId, String clientMessageId) {
        return jdbc.query("select message_id, position from posted_client_ids where stream_id = ? and author_id = ? and client_message_id = ?",
                (rs, i) -> new ClientMessageId(authorId, clientMessageId, rs.getString(1), rs.getLong(2)),
                projectId, authorId, clientMessageId).stream().findFirst();
    }

    private static final String INSERT_EVENT = """
            with e as (
                insert into events (stream_id, stream_version, event_id, type, occurred_at, message_id, envelope)
                values (?, ?, ?, ?, ?, ?, ?::jsonb) returning global_position, stream_id)
            insert into outbox (global_position, stream_id) select global_position, stream_id from e""";

    /** A post, its outbox row and its client message id: one statement, one round trip. */
    private static final String INSERT_POST = """
            with e as (
                insert into events (stream_id, stream_version, event_id, type, occurred_at, message_id, envelope)
                values (?, ?, ?, ?, ?, ?, ?::jsonb) returning global_position, stream_id),
            o as (insert into outbox (global_position, stream_id) select global_position, stream_id from e)
            insert into posted_client_ids (stream_id, author_id, client_message_id, message_id, position)
            values (?, ?, ?, ?, ?)""";

    /**
     * Appends events with consecutive versions in one transaction, with their outbox rows, then
     * signals the relay. A second writer of the same version, or a repeated client message id,
     * fails the whole transaction.
     */
    public void append(String streamId, List<EventEnvelope<ChatEvent>> events, ClientMessageId clientMessage) {
        if (events.isEmpty()) {
            return;
        }
        try {
            tx.executeWithoutResult(status -> {
                if (clientMessage != null && events.size() == 1) {
                    EventEnvelope<ChatEvent> e = events.getFirst();
                    jdbc.update(INSERT_POST, e.streamId(), e.streamVersion(), e.eventId(), e.type(),
                            Timestamp.from(e.occurredAt()), messageId(e.payload()), EventJson.writeString(e),
                            streamId, clientMessage.authorId(), clientMessage.clientMessageId(), clientMessage.messageId(),
                            clientMessage.position());
                    return;
                }
                List<Object[]> rows = new ArrayList<>(events.size());
                for (EventEnvelope<ChatEvent> e : events) {
                    rows.add(new Object[]{e.streamId(), e.streamVersion(), e.eventId(), e.type(),
                            Timestamp.from(e.occurredAt()), messageId(e.payload()), EventJson.writeString(e)});
                }
                if (rows.size() == 1) {
                    jdbc.update(INSERT_EVENT, rows.getFirst());
                } else {
                    jdbc.batchUpdate(INSERT_EVENT, rows);
                }
                if (clientMessage != null) {
                    jdbc.update("insert into posted_client_ids (stream_id, author_id, client_message_id, message_id, position) values (?, ?, ?, ?, ?)",
                            streamId, clientMessage.authorId(), clientMessage.clientMessageId(), clientMessage.messageId(),
                            clientMessage.position());
                }
            });
        } catch (DuplicateKeyException e) {
            String message = String.valueOf(e.getMostSpecificCause().getMessage());
            if (message.contains("posted_client_ids")) {
                throw new DuplicateClientMessage();
            }
            throw new ConcurrencyConflict(streamId);
        }
        signal.committed();
    }

    static String messageId(ChatEvent event) {
        return switch (event) {
            case ChatEvent.MessagePosted p -> p.messageId();
            case ChatEvent.MessageEdited e -> e.messageId();
            case ChatEvent.MessageDeleted d -> d.messageId();
            default -> null;
        };
    }

    /** All events of a stream in order (history, export of the edit trail). */
    public List<EventEnvelope<EventPayload>> stream(String streamId) {
        return jdbc.query("select envelope::text from events where stream_id = ? order by stream_version",
                (rs, i) -> EventJson.read(rs.getString(1)), streamId);
    }
}
