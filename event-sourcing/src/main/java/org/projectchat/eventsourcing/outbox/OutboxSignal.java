package org.projectchat.eventsourcing.outbox;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Tells the publishing relay that the outbox has new rows. In this instance it is a semaphore, so a
 * commit wakes the relay at once without a database round trip. When the publisher runs in another
 * instance, commits here send a PostgreSQL NOTIFY, coalesced to at most one per few milliseconds:
 * a NOTIFY inside every writing transaction would serialize their commits on the notify queue lock.
 */
public class OutboxSignal implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OutboxSignal.class);
    private static final long NOTIFY_INTERVAL_MS = 3;

    private final JdbcTemplate jdbc;
    private final String channel;
    private final Semaphore local = new Semaphore(0);
    private final Semaphore remotePending = new Semaphore(0);
    private volatile boolean publishingHere;
    private volatile boolean running;
    private Thread notifier;

    /** @param name the event store's name; its channel is {@code <name>_outbox} */
    public OutboxSignal(JdbcTemplate jdbc, String name) {
        this.jdbc = jdbc;
        this.channel = name + "_outbox";
    }

    String channel() {
        return channel;
    }

    /** Called after an append has committed. */
    public void committed() {
        if (publishingHere) {
            wake();
        } else if (remotePending.availablePermits() == 0) {
            remotePending.release();
        }
    }

    /** Wakes the relay of this instance (also used when a NOTIFY from another instance arrives). */
    void wake() {
        if (local.availablePermits() == 0) {
            local.release();
        }
    }

    /** The relay waits here for new rows, at most {@code ms}. */
    void await(long ms) throws InterruptedException {
        if (local.tryAcquire(ms, TimeUnit.MILLISECONDS)) {
            local.drainPermits();
        }
    }

    void publishingHere(boolean leader) {
        this.publishingHere = leader;
    }

    @Override
    public void start() {
        running = true;
        notifier = Thread.ofPlatform().name("outbox-notify").daemon().start(() -> {
            while (running) {
                try {
                    remotePending.acquire();
                    remotePending.drainPermits();
                    jdbc.queryForList("select pg_notify(?, '')", channel);
                    Thread.sleep(NOTIFY_INTERVAL_MS);
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    log.debug("NOTIFY failed: {}", e.toString());
                }
            }
        });
    }

    @Override
    public void stop() {
        running = false;
        if (notifier != null) {
            notifier.interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
