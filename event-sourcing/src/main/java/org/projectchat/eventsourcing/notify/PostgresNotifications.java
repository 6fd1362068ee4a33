package org.projectchat.eventsourcing.notify;

import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import javax.sql.DataSource;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;

/**
 * The one PostgreSQL LISTEN loop of a service: a connection of its own listens on every channel someone subscribed
 * to and runs their callbacks when a NOTIFY arrives (the outbox relay, live feeds, timers). Callbacks run on the
 * loop's thread, so they only wake whoever does the work. After a lost connection every subscriber is called once,
 * as notifications may have been missed meanwhile.
 */
public class PostgresNotifications implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(PostgresNotifications.class);
    private static final Pattern CHANNEL = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    private final DataSource dataSource;
    private final Map<String, List<Runnable>> subscribers = new ConcurrentHashMap<>();
    private final Set<String> listening = ConcurrentHashMap.newKeySet();
    private volatile boolean running;
    private volatile Thread loop;

    public PostgresNotifications(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Calls {@code onNotify} whenever a NOTIFY arrives on {@code channel}. */
    public void subscribe(String channel, Runnable onNotify) {
        if (!CHANNEL.matcher(channel).matches()) {
            throw new IllegalArgumentException("not a channel name: " + channel);
        }
        subscribers.computeIfAbsent(channel, c -> new CopyOnWriteArrayList<>()).add(onNotify);
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        loop = Thread.ofPlatform().name("pg-notifications").daemon().start(this::run);
    }

    @Override
    public synchronized void stop() {
        running = false;
        Thread t = loop;
        if (t != null) {
            t.interrupt();
        }
        loop = null;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 100; // listening before the relays and feeds that subscribe start
    }

    private void run() {
        boolean first = true;
        while (running) {
            try (Connection connection = DedicatedConnections.open(dataSource)) {
                PGConnection pg = connection.unwrap(PGConnection.class);
                listening.clear();
                listenToNew(connection);
                if (!first) {
                    subscribers.values().forEach(list -> list.forEach(Runnable::run));
                }
                first = false;
                while (running) {
                    listenToNew(connection);
                    // a channel subscribed to meanwhile is listened to within the wait
                    PGNotification[] arrived = pg.getNotifications(listening.size() < subscribers.size() ? 10 : 1000);
                    if (arrived == null) {
                        continue;
                    }
                    for (PGNotification n : arrived) {
                        subscribers.getOrDefault(n.getName(), List.of()).forEach(PostgresNotifications::call);
                    }
                }
            } catch (Exception e) {
                if (running) {
                    log.warn("LISTEN connection lost ({}); reconnecting in 1 s", e.toString());
                    try {
                        Thread.sleep(1000);
                    } catch (InterruptedException ie) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }
        }
    }

    private void listenToNew(Connection connection) throws java.sql.SQLException {
        for (String channel : subscribers.keySet()) {
            if (listening.add(channel)) {
                try (var s = connection.createStatement()) {
                    s.execute("listen " + channel);
                }
            }
        }
    }

    private static void call(Runnable subscriber) {
        try {
            subscriber.run();
        } catch (RuntimeException e) {
            log.warn("A NOTIFY subscriber failed: {}", e.toString());
        }
    }
}
