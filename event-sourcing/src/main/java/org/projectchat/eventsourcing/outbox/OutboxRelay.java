package org.projectchat.eventsourcing.outbox;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;
import io.micrometer.tracing.Span;
import org.projectchat.baseline.ops.EventTraces;
import org.projectchat.contract.CloudEventHeaders;
import org.projectchat.contract.EventCatalog;
import org.projectchat.contract.EventJson;
import org.projectchat.contract.Topic;
import org.projectchat.eventsourcing.notify.DedicatedConnections;
import org.projectchat.eventsourcing.notify.PostgresNotifications;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Publishes the event store's outbox to Kafka in commit order, woken by each append's commit through
 * {@link OutboxSignal} (and by a slow poll as a safety net).
 *
 * <ul>
 *   <li>Only one relay publishes: it holds a PostgreSQL advisory lock on a connection of its own (not pooled,
 *       so the lock ends with it), and reads and deletes the outbox on it; others wait.</li>
 *   <li>A batch is one Kafka transaction with a fixed transactional id, so a relay that takes over fences
 *       a stale one.</li>
 *   <li>A relay that dies after Kafka committed but before the outbox rows were deleted would publish them
 *       again; so on taking over, the relay reads the committed tail of the topic and skips every outbox row
 *       whose stream version is already there. Nothing is lost, nothing is published twice.</li>
 * </ul>
 */
public class OutboxRelay implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

    private final DataSource dataSource;
    private final Supplier<Map<String, Object>> kafkaConfig;
    private final OutboxRelayProperties properties;
    private final String name;
    private final List<Topic> topics;
    private final OutboxSignal signal;
    private final EventTraces traces;
    /** One batch's Kafka transaction, from its first send to its commit returned. */
    private final Timer publishing;
    private volatile boolean running;
    private volatile boolean leader;
    private volatile Thread thread;

    /**
     * @param name   names the advisory lock that makes one relay the publisher, and the default Kafka transactional id
     * @param topics the topics the store's events go to, whose committed tail a relay taking over reads
     */
    public OutboxRelay(String name, List<Topic> topics, DataSource dataSource,
                       Supplier<Map<String, Object>> kafkaConfig, OutboxRelayProperties properties, OutboxSignal signal,
                       PostgresNotifications notifications, EventTraces traces) {
        this.name = name;
        this.traces = traces;
        this.topics = List.copyOf(topics);
        this.signal = signal;
        this.dataSource = dataSource;
        this.kafkaConfig = kafkaConfig;
        this.properties = properties;
        this.publishing = Timer.builder("outbox.relay.transaction")
                .description("a batch's Kafka transaction, from its first send to its commit returned")
                .tag("store", name).publishPercentiles(0.5, 0.99).register(Metrics.globalRegistry);
        // commits in instances where this relay does not publish arrive as NOTIFY
        notifications.subscribe(signal.channel(), signal::wake);
    }

    @Override
    public synchronized void start() {
        if (running || !properties.enabled()) {
            return;
        }
        running = true;
        thread = Thread.ofPlatform().name(name + "-outbox-relay").daemon().start(this::run);
    }

    @Override
    public synchronized void stop() {
        running = false;
        Thread t = thread;
        if (t != null) {
            t.interrupt();
            try {
                t.join(Duration.ofSeconds(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        thread = null;
        leader = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    public boolean isLeader() {
        return leader;
    }

    private void run() {
        while (running) {
            try (Connection connection = DedicatedConnections.open(dataSource)) {
                while (running && !tryLock(connection)) {
                    sleep(properties.standbyPoll().toMillis());
                }
                if (!running) {
                    return;
                }
                leader = true;
                signal.publishingHere(true);
                log.info("Outbox relay {} is the publisher", name);
                try {
                    publishWhileLeader(leaderStatements(connection));
                } finally {
                    // no longer the publisher before the lock goes with the connection
                    leader = false;
                    signal.publishingHere(false);
                }
            } catch (Exception e) {
                if (running) {
                    log.warn("Outbox relay stopped publishing ({}); retrying in 1 s", e.toString());
                    sleep(1000);
                }
            }
        }
    }

    /**
     * The publisher reads and deletes outbox rows on the connection that holds its lock, by key only, with plans made
     * for each call's values.
     * <ul>
     *   <li>By key only: the outbox is a queue read from its oldest end and deleted by position, so an index is always
     *       the way in; but between vacuums its deleted rows make it look large and its statistics stale, and a plan
     *       made for a batch of 300-500 positions scanned the whole table (EXPLAIN ANALYZE in ./bench.sh chat: the
     *       delete 0.9-4.7 ms as a sequential scan, 0.06-0.15 ms through the index; the read 0.3-1.2 ms, 0.3-0.7 ms).</li>
     *   <li>Plans for each call: a generic plan kept for the read (tried by writing the limit into a prepared
     *       statement) once made a bench run's relay fall 111 s behind, with PostgreSQL's CPU per post tripled (the
     *       plan was not captured; likely one made while the tables were new).</li>
     * </ul>
     */
    private static JdbcTemplate leaderStatements(Connection connection) throws SQLException {
        try (var s = connection.createStatement()) {
            s.execute("set plan_cache_mode = force_custom_plan");
            s.execute("set enable_seqscan = off");
        }
        return new JdbcTemplate(new SingleConnectionDataSource(connection, true));
    }

    private void publishWhileLeader(JdbcTemplate leaderJdbc) throws Exception {
        Map<String, Object> config = new HashMap<>(kafkaConfig.get());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, properties.transactionalId() != null
                ? properties.transactionalId() : name + "-outbox-relay");
        config.put(ProducerConfig.LINGER_MS_CONFIG, 1);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, name + "-outbox-relay");
        var producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
        try {
            producer.initTransactions();
            Map<String, Long> alreadyPublished = committedTail();
            while (running) {
                int n = drain(leaderJdbc, producer, alreadyPublished);
                if (n < properties.batchSize()) {
                    signal.await(properties.poll().toMillis());
                    // a Kafka transaction per commit would cost more than the few ms that let commits gather
                    sleep(properties.linger().toMillis());
                }
            }
        } finally {
            closeUninterrupted(producer);
        }
    }

    /**
     * Closes the producer with this thread's interrupt (how {@link #stop} ends the relay) set aside for the while: an
     * interrupted close gives up waiting for the producer's network thread and logs an error, at every shutdown.
     */
    private static void closeUninterrupted(KafkaProducer<?, ?> producer) {
        boolean interrupted = Thread.interrupted();
        try {
            producer.close(Duration.ofSeconds(5));
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** An outbox row with what its record needs: the stored envelope bytes, and the attributes for its headers. */
    private record Row(long globalPosition, String streamId, long streamVersion, UUID eventId, String type,
                       int schemaVersion, Instant occurredAt, String traceparent, byte[] envelope) {
    }

    /**
     * The oldest outbox rows' events, found by position in the events' primary key. Not written as a join of the outbox
     * with the events: that took 0.25-2.2 ms to plan in ./bench.sh chat (this takes 0.07-0.18 ms), and left the planner
     * a choice of joins, parallel ones included, to get wrong while the outbox is full of rows deleted since the last
     * vacuum.
     */
    private static final String SELECT = """
            select e.global_position, e.stream_id, e.stream_version, e.event_id, e.type, e.schema_version, e.occurred_at,
                   e.traceparent, e.envelope
            from events e
            where e.global_position = any (array(select global_position from outbox order by global_position limit ?))
            order by e.global_position""";

    private int drain(JdbcTemplate leaderJdbc, KafkaProducer<String, byte[]> producer, Map<String, Long> alreadyPublished) {
        List<Row> rows = leaderJdbc.query(SELECT,
                (ResultSet rs, int i) -> new Row(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getObject(4, UUID.class),
                        rs.getString(5), rs.getInt(6), rs.getTimestamp(7).toInstant(), rs.getString(8), rs.getBytes(9)),
                properties.batchSize());
        if (rows.isEmpty()) {
            return 0;
        }
        List<Row> toSend = new ArrayList<>();
        for (Row row : rows) {
            Long done = alreadyPublished.get(row.streamId());
            if (done == null || row.streamVersion() > done) {
                toSend.add(row);
            }
        }
        if (!toSend.isEmpty()) {
            List<Span> spans = new ArrayList<>(toSend.size());
            long started = System.nanoTime();
            producer.beginTransaction();
            try {
                for (Row row : toSend) {
                    String topic = EventCatalog.of(row.type()).topic().name();
                    // each event published in a span of the trace of the request that caused it
                    Span span = traces.publishing(topic, row.type(), row.traceparent());
                    spans.add(span);
                    // the bytes stored at append, as they are: an event is serialised once
                    var record = new ProducerRecord<>(topic, row.streamId(), row.envelope());
                    CloudEventHeaders.write(record.headers(), row.eventId(), row.type(), row.schemaVersion(), row.streamId(),
                            row.streamVersion(), row.occurredAt(), traces.traceparent(span, row.traceparent()));
                    producer.send(record);
                }
                producer.commitTransaction();
                publishing.record(Duration.ofNanos(System.nanoTime() - started));
                spans.forEach(Span::end);
            } catch (RuntimeException e) {
                spans.forEach(span -> span.error(e).end());
                try {
                    producer.abortTransaction();
                } catch (RuntimeException ignored) {
                    // fenced or closed: the next leader takes over
                }
                throw e;
            }
        }
        leaderJdbc.update("delete from outbox where global_position = any(?)",
                (Object) rows.stream().map(Row::globalPosition).toArray(Long[]::new));
        return rows.size();
    }

    /** The highest stream version per stream in the committed tail of each partition. */
    Map<String, Long> committedTail() {
        Map<String, Object> config = new HashMap<>(kafkaConfig.get());
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        Map<String, Long> tail = new HashMap<>();
        try (var consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (Topic topic : topics) {
                consumer.partitionsFor(topic.name()).forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
            }
            consumer.assign(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions);
            long window = 2L * properties.batchSize();
            for (TopicPartition p : partitions) {
                consumer.seek(p, Math.max(begin.get(p), end.get(p) - window));
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read the tail of the topic in 60 s");
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    try {
                        var event = EventJson.read(record.value());
                        tail.merge(event.streamId(), event.streamVersion(), Math::max);
                    } catch (EventJson.MalformedEventException notOurs) {
                        // a record this relay did not write (a poison record, another producer's): it says nothing
                        // about what was published from the store; the consumers set it aside as a dead letter
                        log.warn("Skipping unreadable record {}-{}@{} in the committed tail: {}", record.topic(),
                                record.partition(), record.offset(), notOurs.getMessage());
                    }
                }
            }
        }
        return tail;
    }

    private boolean tryLock(Connection connection) throws SQLException {
        try (var s = connection.prepareStatement("select pg_try_advisory_lock(hashtext(?))")) {
            s.setString(1, name + "-outbox-relay");
            var rs = s.executeQuery();
            return rs.next() && rs.getBoolean(1);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
