package org.projectchat.chat.live;

import org.postgresql.PGConnection;
import org.projectchat.chat.messages.MessageStoreProjection;
import org.projectchat.contract.ParticipantRole;
import org.projectchat.contract.Visibility;
import org.projectchat.outbox.DedicatedConnections;
import org.projectchat.contract.VisibilityRule;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import javax.sql.DataSource;
import java.io.IOException;
import java.sql.Connection;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * Delivers the feed to Server-Sent Events subscribers. One dispatcher thread per instance reads
 * new feed rows when the projection's NOTIFY arrives, in seq order, and hands each subscriber what
 * the visibility rule lets it see. A subscriber resuming with Last-Event-ID first gets the rows it
 * missed, from the same thread, so there is no gap and no duplicate between catch-up and live.
 * Each subscriber has its own queue and sender, so one slow client holds up no one else.
 */
@Component
public class LiveFeed implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(LiveFeed.class);
    static final int QUEUE_LIMIT = 10_000;
    static final int CATCH_UP_LIMIT = 10_000;

    private final DataSource dataSource;
    private final JdbcTemplate jdbc;
    private final Duration heartbeat;
    private final ConcurrentLinkedQueue<Subscriber> joining = new ConcurrentLinkedQueue<>();
    private final List<Subscriber> live = new CopyOnWriteArrayList<>();
    private volatile boolean running;
    private volatile Thread dispatcher;
    private long lastSeq;

    public LiveFeed(DataSource dataSource, JdbcTemplate jdbc,
                    @org.springframework.beans.factory.annotation.Value("${chat.live.heartbeat:15s}") Duration heartbeat) {
        this.dataSource = dataSource;
        this.jdbc = jdbc;
        this.heartbeat = heartbeat;
    }

    /** A feed row: one applied event, with the visibility of the message it concerns (null: everyone). */
    record Row(long seq, String projectId, String type, String visibility, String item) {
    }

    /** One SSE connection: a project, or every project of the user when {@code projectId} is null. */
    final class Subscriber {
        final String userId;
        final boolean staff;
        final String projectId;
        final SseEmitter emitter;
        final long resumeAfter;
        final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(QUEUE_LIMIT);
        volatile boolean closed;

        Subscriber(String userId, boolean staff, String projectId, SseEmitter emitter, long resumeAfter) {
            this.userId = userId;
            this.staff = staff;
            this.projectId = projectId;
            this.emitter = emitter;
            this.resumeAfter = resumeAfter;
        }

        void offer(Object item) {
            if (!closed && !queue.offer(item)) {
                log.info("SSE subscriber {} is too slow; closing so it resumes with Last-Event-ID", userId);
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
                    if (next == null || next == HEARTBEAT) {
                        emitter.send(SseEmitter.event().comment("heartbeat"));
                    } else if (next == CLOSE) {
                        break;
                    } else if (next instanceof Row row) {
                        emitter.send(SseEmitter.event().id(Long.toString(row.seq())).name(row.type())
                                .data(row.item(), MediaType.APPLICATION_JSON));
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

    private static final Object HEARTBEAT = new Object();
    private static final Object CLOSE = new Object();

    /** Subscribes; {@code lastEventId} null means live events only. */
    public SseEmitter subscribe(String userId, boolean staff, String projectId, Long lastEventId) {
        SseEmitter emitter = new SseEmitter(Duration.ofMinutes(30).toMillis());
        Subscriber subscriber = new Subscriber(userId, staff, projectId, emitter, lastEventId == null ? -1 : lastEventId);
        emitter.onCompletion(subscriber::close);
        emitter.onTimeout(subscriber::close);
        emitter.onError(e -> subscriber.close());
        joining.add(subscriber);
        Thread.ofVirtual().name("sse-" + userId).start(subscriber::send);
        return emitter;
    }

    public int subscribers() {
        return live.size();
    }

    @Override
    public void start() {
        Long max = jdbc.queryForObject("select coalesce(max(seq), 0) from feed", Long.class);
        lastSeq = max == null ? 0 : max;
        running = true;
        dispatcher = Thread.ofPlatform().name("live-feed").daemon().start(this::run);
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
            try (Connection connection = DedicatedConnections.open(dataSource)) {
                try (var s = connection.createStatement()) {
                    s.execute("listen " + MessageStoreProjection.FEED_CHANNEL);
                }
                PGConnection pg = connection.unwrap(PGConnection.class);
                while (running) {
                    admitJoining();
                    dispatchNew();
                    pg.getNotifications(joining.isEmpty() ? 1000 : 10);
                }
            } catch (Exception e) {
                if (running) {
                    log.warn("Live feed dispatcher restarting: {}", e.toString());
                    try {
                        Thread.sleep(1000);
                    } catch (InterruptedException ie) {
                        Thread.currentThread().interrupt();
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
            if (s.resumeAfter >= 0 && s.resumeAfter < lastSeq) {
                List<Row> missed = jdbc.query("""
                        select seq, project_id, type, visibility, item::text from feed
                        where seq > ? and seq <= ? and (?::text is null or project_id = ?) order by seq limit ?""",
                        (rs, i) -> new Row(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)),
                        s.resumeAfter, lastSeq, s.projectId, s.projectId, CATCH_UP_LIMIT);
                Map<String, Map<String, ParticipantRole>> roster = roster(missed);
                for (Row row : missed) {
                    if (allowed(s, row, roster)) {
                        s.offer(row);
                    }
                }
            }
            live.add(s);
        }
    }

    private void dispatchNew() {
        while (true) {
            List<Row> rows = jdbc.query("""
                    select seq, project_id, type, visibility, item::text from feed where seq > ? order by seq limit 1000""",
                    (rs, i) -> new Row(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)),
                    lastSeq);
            if (rows.isEmpty()) {
                return;
            }
            if (!live.isEmpty()) {
                Map<String, Map<String, ParticipantRole>> roster = roster(rows);
                for (Row row : rows) {
                    for (Subscriber s : live) {
                        if (allowed(s, row, roster)) {
                            s.offer(row);
                        }
                    }
                }
            }
            lastSeq = rows.getLast().seq();
        }
    }

    /** Active participants with their roles, for the projects in these rows. */
    private Map<String, Map<String, ParticipantRole>> roster(List<Row> rows) {
        String[] projects = rows.stream().map(Row::projectId).distinct().toArray(String[]::new);
        Map<String, Map<String, ParticipantRole>> roster = new HashMap<>();
        if (projects.length == 0) {
            return roster;
        }
        jdbc.query("select project_id, user_id, role from participants where active and project_id = any(?)", rs -> {
            roster.computeIfAbsent(rs.getString(1), k -> new HashMap<>())
                    .put(rs.getString(2), ParticipantRole.valueOf(rs.getString(3)));
        }, (Object) projects);
        return roster;
    }

    /** The one visibility rule, applied to a live row for one subscriber. */
    static boolean allowed(Subscriber s, Row row, Map<String, Map<String, ParticipantRole>> roster) {
        if (s.projectId != null && !s.projectId.equals(row.projectId())) {
            return false;
        }
        ParticipantRole role = roster.getOrDefault(row.projectId(), Map.of()).get(s.userId);
        VisibilityRule.Reader reader = new VisibilityRule.Reader(role, s.staff);
        if (role == null && !s.staff) {
            return false;
        }
        Visibility visibility = row.visibility() == null ? Visibility.EVERYONE : Visibility.valueOf(row.visibility());
        return VisibilityRule.maySee(reader, visibility);
    }
}
