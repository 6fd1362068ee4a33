package org.projectchat.eventsourcing.projection;

import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.projectchat.baseline.ops.Failures;
import org.projectchat.contract.CloudEventHeaders;
import org.projectchat.contract.EventEnvelope;
import org.projectchat.contract.EventJson;
import org.projectchat.contract.EventPayload;
import org.projectchat.eventsourcing.command.CommandRunner;
import org.projectchat.eventsourcing.roster.RosterProjection;
import org.projectchat.eventsourcing.store.AfterCommit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.kafka.support.serializer.SerializationUtils;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A read model built from events, idempotently: the last applied version of each stream is kept per projection in
 * {@code projection_positions}, in the same transaction as the effect, so a redelivered or replayed event changes
 * nothing. A projection that keeps the roster applies participant events to it before its own handler sees them.
 */
public final class Projection {

    private static final Logger log = LoggerFactory.getLogger(Projection.class);

    private final String name;
    private final boolean keepsRoster;
    private final ProjectionHandler handler;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    /** From an event's time to its effect here, committed; null for a replay's copy (old events are not late). */
    private final Timer delay;

    /**
     * @param name        the projection's name, its key in projection_positions
     * @param keepsRoster whether it keeps this service's project rosters (one projection per service does)
     */
    public Projection(String name, boolean keepsRoster, ProjectionHandler handler, DataSource dataSource) {
        this(name, keepsRoster, handler, dataSource, Timer.builder("projection.delay")
                .description("from an event's time to its effect in this projection, committed")
                .tag("projection", name).publishPercentileHistogram().register(Metrics.globalRegistry));
    }

    private Projection(String name, boolean keepsRoster, ProjectionHandler handler, DataSource dataSource, Timer delay) {
        this.name = name;
        this.keepsRoster = keepsRoster;
        this.handler = handler;
        this.jdbc = new JdbcTemplate(dataSource);
        this.tx = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        this.delay = delay;
    }

    public String name() {
        return name;
    }

    /** The same projection writing through another data source (a replay's shadow tables). */
    public Projection writingTo(DataSource dataSource) {
        return new Projection(name, keepsRoster, handler, dataSource, null);
    }

    private record StreamKey(String topic, String streamId) {
    }

    /** Applies a batch in one transaction, skipping what was applied before; how many events were new. */
    public int apply(List<EventEnvelope<EventPayload>> batch) {
        if (batch.isEmpty()) {
            return 0;
        }
        List<EventEnvelope<EventPayload>> applied = tx.execute(status -> applyNew(batch));
        if (applied == null) {
            return 0;
        }
        recordDelay(applied);
        return applied.size();
    }

    /**
     * This projection applied in the transaction that appends the events (the kit's inline projection): what a
     * command stores is in the read model when its caller gets the answer. Events of a stream are applied only where
     * they continue what this projection holds; a stream it lags behind in (events on their way over the topic, a
     * swap of a rebuild) is left to the topic's consumer, which applies it in order, and is taken up inline again
     * once caught up. A batch it cannot apply is left to the consumer too, and the commands are stored without it.
     */
    @SuppressWarnings("unchecked")
    public <E extends EventPayload> CommandRunner.InlineProjection<E> inline() {
        return new CommandRunner.InlineProjection<>() {
            @Override
            public void apply(List<EventEnvelope<E>> events) {
                List<EventEnvelope<EventPayload>> applied = applyContinuing((List<EventEnvelope<EventPayload>>) (List<?>) events);
                AfterCommit.run(() -> recordDelay(applied));
            }

            @Override
            public boolean mayFallBehind() {
                return true;
            }
        };
    }

    /** The new events of a batch applied in the current transaction, gaps warned of (a consumer's delivery). */
    private List<EventEnvelope<EventPayload>> applyNew(List<EventEnvelope<EventPayload>> batch) {
        Map<StreamKey, Long> positions = positions(batch.stream().map(EventEnvelope::streamId).toList());
        Map<StreamKey, Long> changed = new LinkedHashMap<>();
        List<EventEnvelope<EventPayload>> fresh = new ArrayList<>(batch.size());
        for (EventEnvelope<EventPayload> event : batch) {
            StreamKey key = new StreamKey(event.topic(), event.streamId());
            long current = positions.getOrDefault(key, 0L);
            if (event.streamVersion() <= current) {
                continue;
            }
            if (event.streamVersion() != current + 1) {
                log.warn("{}: gap in {} {}: applied {}, next is {}", name, key.topic(), key.streamId(), current,
                        event.streamVersion());
            }
            positions.put(key, event.streamVersion());
            changed.put(key, event.streamVersion());
            fresh.add(event);
        }
        if (fresh.isEmpty()) {
            return fresh;
        }
        effects(fresh);
        jdbc.batchUpdate("""
                insert into projection_positions (projection, topic, stream_id, version) values (?, ?, ?, ?)
                on conflict (projection, topic, stream_id) do update set version = excluded.version""",
                changed.entrySet().stream().map(e -> new Object[]{name, e.getKey().topic(), e.getKey().streamId(), e.getValue()})
                        .toList());
        return fresh;
    }

    /** A stream's run of events in a batch: the version before its first, and its last. */
    private record Run(long after, long upTo) {
    }

    /**
     * Moves each stream's position from just before its run of events in the batch to the run's end, only where it
     * stands there (a compare-and-set on the latest committed row, which it then holds locked to commit: a consumer
     * or a rebuild's swap changing it meanwhile waits, or has already moved it, and then the stream is left to the
     * consumer), and applies the events of the streams it moved.
     */
    private List<EventEnvelope<EventPayload>> applyContinuing(List<EventEnvelope<EventPayload>> batch) {
        Map<StreamKey, Run> runs = new LinkedHashMap<>();
        Set<StreamKey> broken = new HashSet<>();
        for (EventEnvelope<EventPayload> event : batch) {
            StreamKey key = new StreamKey(event.topic(), event.streamId());
            Run run = runs.get(key);
            if (run != null && event.streamVersion() != run.upTo() + 1) {
                broken.add(key);
            }
            runs.put(key, new Run(run == null ? event.streamVersion() - 1 : run.after(), event.streamVersion()));
        }
        runs.keySet().removeAll(broken);
        if (runs.isEmpty()) {
            return List.of();
        }
        Set<StreamKey> moved = new HashSet<>();
        jdbc.query(con -> {
            var statement = con.prepareStatement(CLAIM);
            statement.setArray(1, con.createArrayOf("text", runs.keySet().stream().map(StreamKey::topic).toArray(String[]::new)));
            statement.setArray(2, con.createArrayOf("text", runs.keySet().stream().map(StreamKey::streamId).toArray(String[]::new)));
            statement.setArray(3, con.createArrayOf("bigint", runs.values().stream().map(Run::after).toArray(Long[]::new)));
            statement.setArray(4, con.createArrayOf("bigint", runs.values().stream().map(Run::upTo).toArray(Long[]::new)));
            statement.setString(5, name);
            statement.setString(6, name);
            return statement;
        }, rs -> {
            moved.add(new StreamKey(rs.getString(1), rs.getString(2)));
        });
        List<EventEnvelope<EventPayload>> fresh = batch.stream()
                .filter(e -> moved.contains(new StreamKey(e.topic(), e.streamId()))).toList();
        if (!fresh.isEmpty()) {
            effects(fresh);
        }
        return fresh;
    }

    /** Each run's position moved where it stands just before the run; a stream new here gets its first row. */
    private static final String CLAIM = """
            with run as (select * from unnest(?::text[], ?::text[], ?::bigint[], ?::bigint[]) as r(topic, stream_id, after, up_to)),
            moved as (update projection_positions p set version = run.up_to from run
                      where p.projection = ? and p.topic = run.topic and p.stream_id = run.stream_id and p.version = run.after
                      returning p.topic, p.stream_id),
            opened as (insert into projection_positions (projection, topic, stream_id, version)
                       select ?, topic, stream_id, up_to from run where after = 0
                       on conflict do nothing returning topic, stream_id)
            select topic, stream_id from moved union all select topic, stream_id from opened""";

    /** What the events do to the read model (and the roster, if this projection keeps it). */
    private void effects(List<EventEnvelope<EventPayload>> fresh) {
        if (keepsRoster) {
            RosterProjection.apply(fresh, jdbc);
        }
        try {
            handler.apply(fresh, jdbc);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(name + " could not apply events: " + e.getMessage(), e);
        }
    }

    private void recordDelay(List<EventEnvelope<EventPayload>> applied) {
        if (delay != null) {
            Instant now = Instant.now();
            applied.forEach(e -> delay.record(Duration.between(e.occurredAt(), now)));
        }
    }

    private Map<StreamKey, Long> positions(List<String> streamIds) {
        String[] streams = streamIds.stream().distinct().toArray(String[]::new);
        Map<StreamKey, Long> positions = new HashMap<>();
        if (streams.length == 0) {
            return positions;
        }
        jdbc.query("select topic, stream_id, version from projection_positions where projection = ? and stream_id = any(?)",
                rs -> {
                    positions.put(new StreamKey(rs.getString(1), rs.getString(2)), rs.getLong(3));
                }, name, streams);
        return positions;
    }

    /**
     * Applies a poll's records as a listener gets them, as one batch when it can. A record that could not be read, or
     * whose event fails to apply for a reason of its own, is handed to the consumer's error handler as that record
     * ({@link BatchListenerFailedException}): what came before it is applied, it goes to the dead-letter topic after its
     * tries, and the consumer goes on after it. A failure of the world (database down) fails the whole poll, which is
     * retried until it passes; what was applied already is skipped then.
     *
     * @return how many events were new here (not applied before, inline or by an earlier delivery)
     */
    public int deliver(List<? extends ConsumerRecord<?, EventEnvelope<EventPayload>>> records) {
        List<Delivery> deliveries = new ArrayList<>(records.size());
        for (int i = 0; i < records.size(); i++) {
            var record = records.get(i);
            deliveries.add(new Delivery(i, record.value(), record.value() == null ? unreadable(record) : null));
        }
        return deliverInOrder(deliveries);
    }

    /**
     * Like {@link #deliver}, for records as they were recorded (a listener reading byte arrays). A projection that the
     * command runner also applies inline finds most of a poll applied already: those are told by their headers, the
     * stream ({@link CloudEventHeaders#SUBJECT}) and its version ({@link CloudEventHeaders#STREAM_VERSION}), against
     * this projection's positions, and are not read at all. The rest are read here; one that cannot be read goes to the
     * error handler as an unreadable record does in {@link #deliver}. What is skipped here was committed, so
     * {@link #apply} would have skipped it too; a record without the headers is read.
     */
    public int deliverRecorded(List<? extends ConsumerRecord<?, byte[]>> records) {
        List<StreamKey> streams = new ArrayList<>(records.size());
        for (var record : records) {
            String stream = CloudEventHeaders.read(record.headers(), CloudEventHeaders.SUBJECT);
            streams.add(stream == null ? null : new StreamKey(record.topic(), stream));
        }
        Map<StreamKey, Long> positions = positions(streams.stream().filter(Objects::nonNull).map(StreamKey::streamId).toList());
        List<Delivery> deliveries = new ArrayList<>(records.size());
        for (int i = 0; i < records.size(); i++) {
            var record = records.get(i);
            long version = CloudEventHeaders.streamVersion(record.headers());
            if (version > 0 && streams.get(i) != null && version <= positions.getOrDefault(streams.get(i), 0L)) {
                continue;
            }
            if (record.value() == null) {
                deliveries.add(new Delivery(i, null, unreadable(record)));
                continue;
            }
            try {
                deliveries.add(new Delivery(i, EventJson.read(record.value()), null));
            } catch (RuntimeException unreadable) {
                deliveries.add(new Delivery(i, null, new DeserializationException("the record's value cannot be read: "
                        + unreadable.getMessage(), record.value(), false, unreadable)));
            }
        }
        return deliverInOrder(deliveries);
    }

    /** A record's event (null where it could not be read, with why), by the record's index in its poll. */
    private record Delivery(int index, EventEnvelope<EventPayload> event, RuntimeException unreadable) {
    }

    private int deliverInOrder(List<Delivery> deliveries) {
        int from = 0;
        int applied = 0;
        while (from < deliveries.size()) {
            int to = from;
            while (to < deliveries.size() && deliveries.get(to).event() != null) {
                to++;
            }
            if (to > from) {
                applied += applyFindingTheCulprit(deliveries.subList(from, to));
            }
            if (to < deliveries.size()) {
                Delivery unreadable = deliveries.get(to);
                throw new BatchListenerFailedException("unreadable record", unreadable.unreadable(), unreadable.index());
            }
            from = to + 1;
        }
        return applied;
    }

    private int applyFindingTheCulprit(List<Delivery> deliveries) {
        try {
            return apply(deliveries.stream().map(Delivery::event).toList());
        } catch (RuntimeException batchFailed) {
            if (Failures.isTransient(batchFailed)) {
                throw batchFailed;
            }
            int applied = 0;
            for (Delivery delivery : deliveries) {
                try {
                    applied += apply(List.of(delivery.event()));
                } catch (RuntimeException failed) {
                    if (Failures.isTransient(failed)) {
                        throw failed;
                    }
                    throw new BatchListenerFailedException(name + " cannot apply this event", failed, delivery.index());
                }
            }
            return applied;
        }
    }

    /** A record without a value: the error-handling deserializer could not read it (it kept the bytes in a header). */
    private static RuntimeException unreadable(ConsumerRecord<?, ?> record) {
        boolean kept = record.headers().lastHeader(SerializationUtils.VALUE_DESERIALIZER_EXCEPTION_HEADER) != null;
        return new DeserializationException("the record's value cannot be read" + (kept ? "" : " (it has none)"), null, false, null);
    }

    /** Events applied so far: stream versions are gap-free from 1, so their sum counts them. */
    public long appliedEvents() {
        Long n = jdbc.queryForObject("select coalesce(sum(version), 0) from projection_positions where projection = ?",
                Long.class, name);
        return n == null ? 0 : n;
    }
}
