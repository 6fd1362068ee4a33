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
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;

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
            super(streamId == null ? "concurrent append" : "concurrent append to " + streamId);
        }
    }

    /** The idempotency key was used before: nothing was appended; {@link #firstWith} finds what the first append did. */
    public static final class DuplicateAppend extends RuntimeException {
        private final String streamId;
        private final String idempotencyKey;

        public DuplicateAppend(String streamId, String idempotencyKey) {
            super(streamId == null ? "idempotency key already used" : "idempotency key already used in " + streamId);
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
                ? jdbc.query("select envelope from events where stream_id = ? order by stream_version", ENVELOPE, streamId)
                : jdbc.query("select envelope from events where stream_id = ? and type = any(?) order by stream_version",
                ENVELOPE, streamId, types.stream().map(t -> EventCatalog.of(t).type()).toArray(String[]::new));
        return new Loaded(events, version(streamId));
    }

    private static final RowMapper<EventEnvelope<EventPayload>> ENVELOPE = (rs, i) -> EventJson.read(rs.getBytes(1));

    /**
     * Several streams at once, in two queries whatever their number (a batch of commands touching many streams not
     * in the cache): each stream's events of the given types (all when empty), oldest first, and its version. A
     * stream with no events is absent from the map.
     */
    public java.util.Map<String, Loaded> loadAll(Collection<String> streamIds, Collection<? extends Class<? extends EventPayload>> types) {
        String[] streams = streamIds.toArray(String[]::new);
        java.util.Map<String, List<EventEnvelope<EventPayload>>> events = new java.util.HashMap<>();
        RowCallbackHandler collect = rs -> events.computeIfAbsent(rs.getString(1), s -> new ArrayList<>())
                .add(EventJson.read(rs.getBytes(2)));
        if (types.isEmpty()) {
            jdbc.query("select stream_id, envelope from events where stream_id = any(?) order by stream_id, stream_version",
                    collect, (Object) streams);
        } else {
            jdbc.query("""
                    select stream_id, envelope from events where stream_id = any(?) and type = any(?)
                    order by stream_id, stream_version""", collect, streams,
                    types.stream().map(t -> EventCatalog.of(t).type()).toArray(String[]::new));
        }
        java.util.Map<String, Loaded> loaded = new java.util.HashMap<>();
        jdbc.query("select stream_id, max(stream_version) from events where stream_id = any(?) group by stream_id",
                (RowCallbackHandler) rs -> loaded.put(rs.getString(1),
                        new Loaded(events.getOrDefault(rs.getString(1), List.of()), rs.getLong(2))), (Object) streams);
        return loaded;
    }

    /** How many events the stream has; 0 for a stream that does not exist. */
    public long version(String streamId) {
        Long version = jdbc.queryForObject("select max(stream_version) from events where stream_id = ?", Long.class, streamId);
        return version == null ? 0 : version;
    }

    /** The events of one entity of the stream (see {@link EventPayload#entityId()}), oldest first. */
    public List<EventEnvelope<EventPayload>> entity(String streamId, String entityId) {
        return jdbc.query("select envelope from events where stream_id = ? and entity_id = ? order by stream_version",
                ENVELOPE, streamId, entityId);
    }

    /** The first event the append with this idempotency key wrote. */
    public Optional<EventEnvelope<EventPayload>> firstWith(String streamId, String idempotencyKey) {
        return jdbc.query("""
                select e.envelope from idempotency_keys k
                join events e on e.stream_id = k.stream_id and e.stream_version = k.stream_version
                where k.stream_id = ? and k.idempotency_key = ?""", ENVELOPE, streamId, idempotencyKey).stream().findFirst();
    }

    /** A stream and an idempotency key used in it. */
    public record KeyInStream(String streamId, String idempotencyKey) {
    }

    /**
     * Events of one stream to append: numbered from the version after the one expected, with an optional idempotency
     * key recorded against the first of them.
     */
    public record Append(String streamId, List<? extends EventEnvelope<?>> events, String idempotencyKey) {
        public Append {
            events = List.copyOf(events);
        }
    }

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
            return tx.execute(status -> {
                long after = expectedVersion;
                if (after == ANY_VERSION) {
                    // writers of the same stream take turns until they commit; the lock ends with the transaction
                    jdbc.queryForList("select pg_advisory_xact_lock(hashtext(?))", streamId);
                    after = version(streamId);
                }
                List<EventEnvelope<E>> envelopes = numbered(streamId, after, events, metadata);
                appendAll(List.of(new Append(streamId, envelopes, idempotencyKey)));
                return envelopes;
            });
        } catch (DuplicateAppend duplicate) {
            throw new DuplicateAppend(streamId, idempotencyKey);
        } catch (ConcurrencyConflict conflict) {
            throw new ConcurrencyConflict(streamId);
        }
    }

    /** The envelopes of events appended after version {@code after} of a stream: fresh ids, the next versions. */
    public static <E extends EventPayload> List<EventEnvelope<E>> numbered(String streamId, long after, List<E> events,
                                                                           EventMetadata metadata) {
        List<EventEnvelope<E>> envelopes = new ArrayList<>(events.size());
        for (E event : events) {
            envelopes.add(new EventEnvelope<>(EventIds.next(), null, 0, streamId, ++after, metadata.occurredAt(),
                    metadata.actor(), metadata.correlationId(), metadata.causationId(), metadata.traceparent(), event));
        }
        return envelopes;
    }

    /**
     * One statement, all events of all the appends with their outbox rows and idempotency keys, in one transaction
     * (the caller's, if any): the group commit of a batch of commands. Each envelope is serialised here, once; its
     * bytes are what the relay publishes. The relay is signalled after the commit.
     *
     * @throws ConcurrencyConflict another writer appended one of the versions first (which stream is not told); nothing
     *                             of the batch is written
     * @throws DuplicateAppend     an idempotency key was used before; nothing of the batch is written
     */
    public void appendAll(List<Append> appends) {
        appendAll(appends, null);
    }

    /**
     * {@link #appendAll(List)}, and then {@code alsoInTransaction} in the same transaction: an inline projection (a
     * read model or timers that must change exactly when the events are stored). If it throws, nothing is stored.
     */
    public void appendAll(List<Append> appends, Consumer<List<Append>> alsoInTransaction) {
        int n = appends.stream().mapToInt(a -> a.events().size()).sum();
        if (n == 0) {
            return;
        }
        String[] streams = new String[n];
        Long[] versions = new Long[n];
        UUID[] ids = new UUID[n];
        String[] types = new String[n];
        Integer[] schemaVersions = new Integer[n];
        Timestamp[] occurred = new Timestamp[n];
        String[] entities = new String[n];
        String[] traceparents = new String[n];
        byte[][] envelopes = new byte[n][];
        List<String> keyStreams = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        List<Long> keyVersions = new ArrayList<>();
        int i = 0;
        for (Append append : appends) {
            if (append.idempotencyKey() != null && !append.events().isEmpty()) {
                keyStreams.add(append.streamId());
                keys.add(append.idempotencyKey());
                keyVersions.add(append.events().getFirst().streamVersion());
            }
            for (EventEnvelope<?> e : append.events()) {
                streams[i] = e.streamId();
                versions[i] = e.streamVersion();
                ids[i] = e.eventId();
                types[i] = e.type();
                schemaVersions[i] = e.schemaVersion();
                occurred[i] = Timestamp.from(e.occurredAt());
                entities[i] = e.payload().entityId();
                traceparents[i] = e.traceparent();
                envelopes[i] = EventJson.write(e);
                i++;
            }
        }
        try {
            tx.executeWithoutResult(status -> {
                insert(streams, versions, ids, types, schemaVersions, occurred, entities, traceparents, envelopes,
                        keyStreams, keys, keyVersions);
                if (alsoInTransaction != null) {
                    alsoInTransaction.accept(appends);
                }
            });
        } catch (DuplicateKeyException e) {
            String constraint = constraint(e);
            if (IDEMPOTENCY_CONSTRAINT.equals(constraint)) {
                throw new DuplicateAppend(null, null);
            }
            if (VERSION_CONSTRAINT.equals(constraint)) {
                throw new ConcurrencyConflict(null);
            }
            throw e;
        }
        AfterCommit.run(signal::committed);
    }

    private void insert(String[] streams, Long[] versions, UUID[] ids, String[] types, Integer[] schemaVersions,
                        Timestamp[] occurred, String[] entities, String[] traceparents, byte[][] envelopes,
                        List<String> keyStreams, List<String> keys, List<Long> keyVersions) {
        {
            jdbc.update(connection -> {
                var statement = connection.prepareStatement(INSERT);
                statement.setArray(1, connection.createArrayOf("text", streams));
                statement.setArray(2, connection.createArrayOf("bigint", versions));
                statement.setArray(3, connection.createArrayOf("uuid", ids));
                statement.setArray(4, connection.createArrayOf("text", types));
                statement.setArray(5, connection.createArrayOf("integer", schemaVersions));
                statement.setArray(6, connection.createArrayOf("timestamptz", occurred));
                statement.setArray(7, connection.createArrayOf("text", entities));
                statement.setArray(8, connection.createArrayOf("text", traceparents));
                statement.setArray(9, connection.createArrayOf("bytea", envelopes));
                statement.setArray(10, connection.createArrayOf("text", keyStreams.toArray(String[]::new)));
                statement.setArray(11, connection.createArrayOf("text", keys.toArray(String[]::new)));
                statement.setArray(12, connection.createArrayOf("bigint", keyVersions.toArray(Long[]::new)));
                return statement;
            });
        }
    }

    /** The events in array order (so global positions follow it), their outbox rows, the idempotency keys. */
    private static final String INSERT = """
            with e as (
                insert into events (stream_id, stream_version, event_id, type, schema_version, occurred_at, entity_id,
                                    traceparent, envelope)
                select stream_id, stream_version, event_id, type, schema_version, occurred_at, entity_id, traceparent, envelope
                from unnest(?::text[], ?::bigint[], ?::uuid[], ?::text[], ?::integer[], ?::timestamptz[], ?::text[], ?::text[],
                            ?::bytea[]) with ordinality
                     as u(stream_id, stream_version, event_id, type, schema_version, occurred_at, entity_id, traceparent,
                          envelope, ord)
                order by ord
                returning global_position, stream_id),
            o as (insert into outbox (global_position, stream_id) select global_position, stream_id from e)
            insert into idempotency_keys (stream_id, idempotency_key, stream_version)
            select * from unnest(?::text[], ?::text[], ?::bigint[])""";

    /** The name of the unique constraint PostgreSQL reports, not guessed from the message text. */
    private static String constraint(DuplicateKeyException e) {
        Throwable cause = e.getMostSpecificCause();
        if (cause instanceof PSQLException psql && psql.getServerErrorMessage() != null) {
            return psql.getServerErrorMessage().getConstraint();
        }
        return null;
    }
}
