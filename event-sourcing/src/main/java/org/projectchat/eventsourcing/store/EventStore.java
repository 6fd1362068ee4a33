package org.projectchat.eventsourcing.store;

import org.postgresql.util.PSQLException;
import org.projectchat.contract.EventCatalog;
import org.projectchat.contract.EventEnvelope;
import org.projectchat.contract.EventIds;
import org.projectchat.contract.EventJson;
import org.projectchat.contract.EventPayload;
import org.projectchat.eventsourcing.outbox.OutboxSignal;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Events of every stream of a service, in PostgreSQL. An append takes the versions after the one the caller expects;
 * the unique (stream_id, stream_version) refuses a second writer of the same versions, so a concurrent append shows
 * as a {@link ConcurrencyConflict}. The events' outbox rows, and an idempotency key, are written in the same
 * transaction; the relay is signalled once it commits.
 */
public class EventStore {

    /** Appends after whatever the stream holds, for writers whose events do not depend on the stream's state. */
    public static final long ANY_VERSION = -1;

    static final String VERSION_CONSTRAINT = "events_stream_version_unique";
    static final String IDEMPOTENCY_CONSTRAINT = "idempotency_keys_pkey";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final OutboxSignal signal;

    public EventStore(JdbcTemplate jdbc, TransactionTemplate tx, OutboxSignal signal) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.signal = signal;
    }

    /** Another writer appended to the stream first: decide again on the new state. */
    public static final class ConcurrencyConflict extends RuntimeException {
        public ConcurrencyConflict(String streamId) {
            super("concurrent append to " + streamId);
        }
    }

    /** The idempotency key was used before: nothing was appended; {@link #firstWith} finds what the first append did. */
    public static final class DuplicateAppend extends RuntimeException {
        private final String streamId;
        private final String idempotencyKey;

        public DuplicateAppend(String streamId, String idempotencyKey) {
            super("idempotency key already used in " + streamId);
            this.streamId = streamId;
            this.idempotencyKey = idempotencyKey;
        }

        public String streamId() {
            return streamId;
        }

        public String idempotencyKey() {
            return idempotencyKey;
        }
    }

    /** A stream's events (those asked for) and its current version. */
    public record Loaded(List<EventEnvelope<EventPayload>> events, long version) {
    }

    /** The stream's events of the given types (all when empty), oldest first, and its version. */
    public Loaded load(String streamId, Collection<? extends Class<? extends EventPayload>> types) {
        List<EventEnvelope<EventPayload>> events = types.isEmpty()
                ? jdbc.query("select envelope::text from events where stream_id = ? order by stream_version",
                (rs, i) -> EventJson.read(rs.getString(1)), streamId)
                : jdbc.query("select envelope::text from events where stream_id = ? and type = any(?) order by stream_version",
                (rs, i) -> EventJson.read(rs.getString(1)), streamId,
                types.stream().map(t -> EventCatalog.of(t).type()).toArray(String[]::new));
        return new Loaded(events, version(streamId));
    }

    /** How many events the stream has; 0 for a stream that does not exist. */
    public long version(String streamId) {
        Long version = jdbc.queryForObject("select max(stream_version) from events where stream_id = ?", Long.class, streamId);
        return version == null ? 0 : version;
    }

    /** The events of one entity of the stream (see {@link EventPayload#entityId()}), oldest first. */
    public List<EventEnvelope<EventPayload>> entity(String streamId, String entityId) {
        return jdbc.query("select envelope::text from events where stream_id = ? and entity_id = ? order by stream_version",
                (rs, i) -> EventJson.read(rs.getString(1)), streamId, entityId);
    }

    /** The first event the append with this idempotency key wrote. */
    public Optional<EventEnvelope<EventPayload>> firstWith(String streamId, String idempotencyKey) {
        return jdbc.query("""
                select e.envelope::text from idempotency_keys k
                join events e on e.stream_id = k.stream_id and e.stream_version = k.stream_version
                where k.stream_id = ? and k.idempotency_key = ?""",
                (rs, i) -> EventJson.read(rs.getString(1)), streamId, idempotencyKey).stream().findFirst();
    }

    /** An event and its outbox row: one statement. */
    private static final String INSERT_EVENT = """
            with e as (
                insert into events (stream_id, stream_version, event_id, type, occurred_at, entity_id, envelope)
                values (?, ?, ?, ?, ?, ?, ?::jsonb) returning global_position, stream_id)
            insert into outbox (global_position, stream_id) select global_position, stream_id from e""";

    /** The first event of an append with an idempotency key: the event, its outbox row and the key in one statement. */
    private static final String INSERT_EVENT_WITH_KEY = """
            with e as (
                insert into events (stream_id, stream_version, event_id, type, occurred_at, entity_id, envelope)
                values (?, ?, ?, ?, ?, ?, ?::jsonb) returning global_position, stream_id, stream_version),
            o as (insert into outbox (global_position, stream_id) select global_position, stream_id from e)
            insert into idempotency_keys (stream_id, idempotency_key, stream_version) select stream_id, ?, stream_version from e""";

    /**
     * Appends the events after {@code expectedVersion} (or after whatever is there, with {@link #ANY_VERSION}) in
     * one transaction with their outbox rows, joining the caller's transaction if there is one; signals the relay
     * after the commit.
     *
     * @param idempotencyKey null, or a key that makes a repeated append a {@link DuplicateAppend}
     * @return the events as stored, with their ids and versions
     * @throws ConcurrencyConflict another writer appended after {@code expectedVersion}
     * @throws DuplicateAppend     the idempotency key was used before in this stream
     */
    public <E extends EventPayload> List<EventEnvelope<E>> append(String streamId, long expectedVersion, List<E> events,
                                                                  EventMetadata metadata, String idempotencyKey) {
        if (events.isEmpty()) {
            return List.of();
        }
        try {
            List<EventEnvelope<E>> stored = tx.execute(status -> {
                long after = expectedVersion;
                if (after == ANY_VERSION) {
                    // writers of the same stream take turns until they commit; the lock ends with the transaction
                    jdbc.queryForList("select pg_advisory_xact_lock(hashtext(?))", streamId);
                    after = version(streamId);
                }
                List<EventEnvelope<E>> envelopes = new ArrayList<>(events.size());
                for (E event : events) {
                    envelopes.add(new EventEnvelope<>(EventIds.next(), null, 0, streamId, ++after, metadata.occurredAt(),
                            metadata.actor(), metadata.correlationId(), metadata.causationId(), metadata.traceparent(), event));
                }
                insert(envelopes, idempotencyKey);
                return envelopes;
            });
            afterCommit(signal::committed);
            return stored;
        } catch (DuplicateKeyException e) {
            String constraint = constraint(e);
            if (IDEMPOTENCY_CONSTRAINT.equals(constraint)) {
                throw new DuplicateAppend(streamId, idempotencyKey);
            }
            if (VERSION_CONSTRAINT.equals(constraint)) {
                throw new ConcurrencyConflict(streamId);
            }
            throw e;
        }
    }

    private void insert(List<? extends EventEnvelope<?>> envelopes, String idempotencyKey) {
        List<Object[]> rows = new ArrayList<>(envelopes.size());
        for (EventEnvelope<?> e : envelopes) {
            rows.add(new Object[]{e.streamId(), e.streamVersion(), e.eventId(), e.type(), Timestamp.from(e.occurredAt()),
                    e.payload().entityId(), EventJson.writeString(e)});
        }
        if (idempotencyKey != null) {
            Object[] first = rows.removeFirst();
            Object[] withKey = Arrays.copyOf(first, first.length + 1);
            withKey[first.length] = idempotencyKey;
            jdbc.update(INSERT_EVENT_WITH_KEY, withKey);
        }
        if (rows.size() == 1) {
            jdbc.update(INSERT_EVENT, rows.getFirst());
        } else if (!rows.isEmpty()) {
            jdbc.batchUpdate(INSERT_EVENT, rows);
        }
    }

    /** Runs after the surrounding transaction commits, or now if there is none (it has just committed). */
    private static void afterCommit(Runnable action) {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    action.run();
                }
            });
        } else {
            action.run();
        }
    }

    /** The name of the unique constraint PostgreSQL reports, not guessed from the message text. */
    private static String constraint(DuplicateKeyException e) {
        Throwable cause = e.getMostSpecificCause();
        if (cause instanceof PSQLException psql && psql.getServerErrorMessage() != null) {
            return psql.getServerErrorMessage().getConstraint();
        }
        return null;
    }
}
