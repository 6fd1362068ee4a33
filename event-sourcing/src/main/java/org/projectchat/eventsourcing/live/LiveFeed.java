package org.projectchat.eventsourcing.live;

import org.projectchat.eventsourcing.notify.PostgresNotifications;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Delivers a feed table to Server-Sent Events subscribers. One dispatcher thread per instance reads new rows, in seq
 * order, when the feed's NOTIFY arrives, and hands each subscriber what its {@link Audience} lets it receive. A
 * subscriber resuming with Last-Event-ID first gets the rows it missed, from the same thread, so there is no gap and
 * no duplicate between catch-up and live. Each subscriber has its own queue and sender, so one slow client holds up
 * no one else; one too slow to keep up is closed and resumes with Last-Event-ID.
 */
public class LiveFeed implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(LiveFeed.class);
    static final int QUEUE_LIMIT = 10_000;
    static final int CATCH_UP_LIMIT = 10_000;
    private static final int BATCH = 1000;

    /**
     * One feed row: its seq is the SSE event id, its type the SSE event name, its data the JSON sent.
     *
     * @param scope      what the row belongs to (a project, a user), matched against a subscriber's scope
     * @param visibility the visibility of what it concerns, for the audience; null for everyone who may see the scope
     */
    public record Row(long seq, String scope, String type, String visibility, String data) {
    }

    /** Where rows come from. */
    public interface Source {
        /** The newest seq. */
        long latest();

        /** Rows after a seq, oldest first, at most {@code limit}. */
        List<Row> after(long seq, int limit);

        /** Rows after {@code from} up to {@code upTo}, of one scope (all when null), oldest first, at most {@code limit}. */
        List<Row> between(long from, long upTo, String scope, int limit);
    }

    /** Who is listening: a user, whether platform staff, and a scope (null: every scope they may see). */
    public record Listener(String userId, boolean staff, String scope) {
    }

    /** Who may receive which rows; asked once per batch so it can look up what it needs for all rows at once. */
    public interface Audience {
        Gate forRows(List<Row> rows);

        interface Gate {
            boolean allows(Listener listener, Row row);
        }
    }

    private final String name;
    private final Source source;
    private final Audience audience;
    private final Duration heartbeat;
    private final ConcurrentLinkedQueue<Subscriber> joining = new ConcurrentLinkedQueue<>();
    private final List<Subscriber> live = new CopyOnWriteArrayList<>();
    private final Semaphore wake = new Semaphore(0);
    private volatile boolean running;
    private volatile Thread dispatcher;
    private long lastSeq;
    /** lastSeq may be behind the feed: nobody was listening, so the dispatcher did not read (it reads on the next join). */
    private boolean lastSeqStale;

    /** @param channel the NOTIFY channel on which the feed's writers announce new rows */
    public LiveFeed(String name, Source source, Audience audience, Duration heartbeat, PostgresNotifications notifications,
                    String channel) {
        this.name = name;
        this.source = source;
        this.audience = audience;
        this.heartbeat = heartbeat;
        notifications.subscribe(channel, this::wake);
    }

    private void wake() {
        if (wake.availablePermits() == 0) {
            wake.release();
        }
    }

    private static final Object CLOSE = new Object();

    /** One SSE connection. */
    private final class Subscriber {
        final Listener listener;
        final SseEmitter emitter;
        final long resumeAfter;
        final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(QUEUE_LIMIT);
        volatile boolean closed;

        Subscriber(Listener listener, SseEmitter emitter, long resumeAfter) {
            this.listener = listener;
            this.emitter = emitter;
            this.resumeAfter = resumeAfter;
        }

        void offer(Row row) {
            if (!closed && !queue.offer(row)) {
                log.info("SSE subscriber {} is too slow; closing so it resumes with Last-Event-ID", listener.userId());
                close();
            }
        }

        void close() {
            closed = true;
            live.remove(this);
            queue.offer(CLOSE);
        }

        void send() {
            try {
                // the response starts at once (a client's EventSource opens now, not at the first event or heartbeat)
                emitter.send(SseEmitter.event().comment("connected"));
                while (!closed) {
                    Object next = queue.poll(heartbeat.toMillis(), TimeUnit.MILLISECONDS);
                    if (next == null) {
                        emitter.send(SseEmitter.event().comment("heartbeat"));
                    } else if (next == CLOSE) {
                        break;
                    } else if (next instanceof Row row) {
                        emitter.send(SseEmitter.event().id(Long.toString(row.seq())).name(row.type())
                                .data(row.data(), MediaType.APPLICATION_JSON));
                    }
                }
                emitter.complete();
            } catch (IOException | IllegalStateException e) {
                close(); // the client went away
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                close();
            }
        }
    }

    /**
     * Subscribes from a resume point; {@code lastEventId} null means from now: every row written after this call
     * returns, so a client that opens its stream and then acts sees what its action caused.
     */
    public SseEmitter subscribe(Listener listener, Long lastEventId) {
        SseEmitter emitter = new SseEmitter(Duration.ofMinutes(30).toMillis());
        Subscriber subscriber = new Subscriber(listener, emitter, lastEventId == null ? source.latest() : lastEventId);
        emitter.onCompletion(subscriber::close);
        emitter.onTimeout(subscriber::close);
        emitter.onError(e -> subscriber.close());
        joining.add(subscriber);
        wake();
        Thread.ofVirtual().name("sse-" + listener.userId()).start(subscriber::send);
        return emitter;
    }

    /**
     * Where a client resumes: the {@code Last-Event-ID} header, else the {@code lastEventId} query parameter (for an
     * EventSource that cannot set headers); null for "from now". Anything but an id of this stream is a 400.
     */
    public static Long resumePoint(String header, String param) {
        String value = header != null ? header : param;
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            long id = Long.parseLong(value.trim());
            if (id < 0) {
                throw new NumberFormatException();
            }
            return id;
        } catch (NumberFormatException e) {
            throw org.projectchat.baseline.web.ApiProblem.badRequest("invalid-last-event-id",
                    "Last-Event-ID is an event id from this stream.");
        }
    }

    @Override
    public void start() {
        lastSeq = source.latest();
        running = true;
        dispatcher = Thread.ofPlatform().name(name + "-live-feed").daemon().start(this::run);
    }

    @Override
    public void stop() {
        running = false;
        if (dispatcher != null) {
            dispatcher.interrupt();
        }
        live.forEach(Subscriber::close);
        joining.forEach(Subscriber::close);
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void run() {
        while (running) {
            try {
                admitJoining();
                dispatchNew();
                // the NOTIFY wakes it; the timeout is a safety net
                if (wake.tryAcquire(1000, TimeUnit.MILLISECONDS)) {
                    wake.drainPermits();
                }
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                if (running) {
                    log.warn("{} live feed: {}; retrying in 1 s", name, e.toString());
                    try {
                        Thread.sleep(1000);
                    } catch (InterruptedException ie) {
                        return;
                    }
                }
            }
        }
    }

    /** Catch-up for new subscribers, up to the last dispatched row; then they receive live rows. */
    private void admitJoining() {
        Subscriber s;
        while ((s = joining.poll()) != null) {
            if (s.closed) {
                continue;
            }
            if (lastSeqStale) {
                // nobody listened: what was written meanwhile is everyone's catch-up, up to the feed's newest row now
                lastSeq = source.latest();
                lastSeqStale = false;
            }
            if (s.resumeAfter < lastSeq) {
                List<Row> missed = source.between(s.resumeAfter, lastSeq, s.listener.scope(), CATCH_UP_LIMIT);
                Audience.Gate gate = audience.forRows(missed);
                for (Row row : missed) {
                    if (receives(s.listener, row, gate)) {
                        s.offer(row);
                    }
                }
            }
            live.add(s);
        }
    }

    private void dispatchNew() {
        if (live.isEmpty()) {
            // nobody to hand rows to: neither read them nor ask for the newest seq at every NOTIFY (thousands a
            // second under load); the next subscriber to join brings lastSeq up to date
            lastSeqStale = true;
            return;
        }
        while (true) {
            List<Row> rows = source.after(lastSeq, BATCH);
            if (rows.isEmpty()) {
                return;
            }
            Audience.Gate gate = audience.forRows(rows);
            for (Row row : rows) {
                for (Subscriber s : live) {
                    if (row.seq() > s.resumeAfter && receives(s.listener, row, gate)) {
                        s.offer(row);
                    }
                }
            }
            lastSeq = rows.getLast().seq();
        }
    }

    private static boolean receives(Listener listener, Row row, Audience.Gate gate) {
        return (listener.scope() == null || listener.scope().equals(row.scope())) && gate.allows(listener, row);
    }
}
