package org.projectchat.notifications.deliveries;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.projectchat.eventsourcing.notify.PostgresNotifications;
import org.projectchat.notifications.intake.NotificationIntake;
import org.projectchat.notifications.preferences.Profile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Sends what is due on one channel: claims due rows (woken by the intake's NOTIFY, else every poll), checks each
 * again ({@link Recheck}), takes back or puts off what may not go now, and hands the rest, per user, to the channel.
 * Time is the injected clock's, so a test crosses DND ends and digest hours by moving it.
 */
public abstract class Dispatcher implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);

    /** A row cleared to go, with its message and the recipient's profile for its project. */
    public record Ready(DeliveryQueue.Due due, Recheck.Message message, Profile profile) {
    }

    /** What became of one user's rows on the channel. */
    public sealed interface Result {
    }

    /** Sent: the rows are delivered. */
    public record Sent(List<Long> ids, String detail) implements Result {
    }

    /** Failed for a reason that may pass: try again after {@code retryAfter} (null: the back-off decides). */
    public record Retry(List<Long> ids, String error, Duration retryAfter) implements Result {
    }

    /** Failed for good. */
    public record Failed(List<Long> ids, String error) implements Result {
    }

    private final Channel channel;
    private final DeliveryQueue queue;
    private final Recheck recheck;
    private final Clock clock;
    private final DispatchProperties properties;
    private final Semaphore wake = new Semaphore(0);
    private final Counter sent;
    private final Counter failures;
    private volatile boolean running;
    private volatile Thread worker;

    protected Dispatcher(Channel channel, DeliveryQueue queue, Recheck recheck, Clock clock, DispatchProperties properties,
                         PostgresNotifications notifications, MeterRegistry meters) {
        this.channel = channel;
        this.queue = queue;
        this.recheck = recheck;
        this.clock = clock;
        this.properties = properties;
        this.sent = Counter.builder("notifications.sent").tag("channel", channel.name()).register(meters);
        this.failures = Counter.builder("notifications.send.failures").tag("channel", channel.name()).register(meters);
        notifications.subscribe(NotificationIntake.DUE_CHANNEL, this::wake);
    }

    /** One user's rows cleared to go in a pass: {@code single} each alone, {@code together} as one digest. */
    public record UserItems(String userId, List<Ready> single, List<Ready> together) {
        public List<Long> ids() {
            List<Long> ids = new ArrayList<>();
            single.forEach(r -> ids.add(r.due().id()));
            together.forEach(r -> ids.add(r.due().id()));
            return ids;
        }
    }

    /** Sends one user's ready rows: {@code single} each alone, {@code together} as one digest. */
    protected abstract List<Result> send(String userId, List<Ready> single, List<Ready> together);

    /**
     * Sends a whole pass, the results in the order of {@code users}. One user after the other unless the channel does
     * better (email sends a pass over one connection).
     */
    protected List<List<Result>> sendPass(List<UserItems> users) {
        List<List<Result>> results = new ArrayList<>();
        for (UserItems user : users) {
            try {
                results.add(send(user.userId(), user.single(), user.together()));
            } catch (RuntimeException e) {
                results.add(List.of(new Retry(user.ids(), e.toString(), null)));
            }
        }
        return results;
    }

    public void wake() {
        if (wake.availablePermits() == 0) {
            wake.release();
        }
    }

    /** Claims and sends what is due now; how many rows it handled (for tests and the benchmark: a pass on demand). */
    public int runOnce() {
        Instant now = clock.instant();
        List<DeliveryQueue.Due> due = queue.claim(channel, now, properties.usersPerPass(), properties.lease());
        Map<String, List<DeliveryQueue.Due>> byUser = new LinkedHashMap<>();
        due.forEach(d -> byUser.computeIfAbsent(d.userId(), k -> new ArrayList<>()).add(d));
        List<UserItems> ready = new ArrayList<>();
        List<Integer> attempts = new ArrayList<>();
        for (var entry : byUser.entrySet()) {
            UserItems items = check(entry.getKey(), entry.getValue(), now);
            if (!items.single().isEmpty() || !items.together().isEmpty()) {
                ready.add(items);
                attempts.add(entry.getValue().stream().mapToInt(DeliveryQueue.Due::attempts).max().orElse(1));
            }
        }
        if (ready.isEmpty()) {
            return due.size();
        }
        List<List<Result>> results;
        try {
            results = sendPass(ready);
        } catch (RuntimeException e) {
            results = ready.stream().map(u -> List.<Result>of(new Retry(u.ids(), e.toString(), null))).toList();
        }
        for (int i = 0; i < ready.size(); i++) {
            record(results.get(i), attempts.get(i));
        }
        return due.size();
    }

    /** Checks a user's due rows again: what may not go is taken back or put off here, the rest is returned. */
    private UserItems check(String userId, List<DeliveryQueue.Due> due, Instant now) {
        Map<Long, Recheck.Verdict> verdicts = recheck.check(userId, due, channel, now);
        List<Ready> single = new ArrayList<>();
        List<Ready> together = new ArrayList<>();
        for (DeliveryQueue.Due d : due) {
            switch (verdicts.get(d.id())) {
                case Recheck.Suppress s -> queue.suppressed(d.id(), s.why().name(), now);
                case Recheck.Wait w -> queue.later(List.of(d.id()), DeliveryState.DEFERRED, w.why(), w.until(), now);
                case Recheck.Send s -> (d.digest() ? together : single).add(new Ready(d, s.message(), s.profile()));
            }
        }
        return new UserItems(userId, single, together);
    }

    private void record(List<Result> results, int attempts) {
        for (Result result : results) {
            switch (result) {
                case Sent s -> {
                    queue.delivered(s.ids(), clock.instant(), s.detail());
                    sent.increment(s.ids().size());
                }
                case Retry r -> {
                    failures.increment();
                    if (attempts >= properties.maxAttempts()) {
                        queue.failed(r.ids(), "gave up after " + attempts + " tries: " + r.error(), clock.instant());
                    } else {
                        Duration wait = r.retryAfter() != null ? r.retryAfter() : backOff(attempts);
                        log.warn("{}: {} item(s) not sent ({}); trying again in {}", channel, r.ids().size(), r.error(), wait);
                        queue.later(r.ids(), DeliveryState.RETRYING, "try " + attempts + " failed: " + r.error(),
                                clock.instant().plus(wait), clock.instant());
                    }
                }
                case Failed f -> {
                    failures.increment();
                    queue.failed(f.ids(), f.error(), clock.instant());
                }
            }
        }
    }

    /** Exponential: the first retry after {@code retry-base}, doubling, at most {@code retry-max}. */
    Duration backOff(int attempts) {
        long factor = 1L << Math.min(attempts - 1, 20);
        Duration wait = properties.retryBase().multipliedBy(factor);
        return wait.compareTo(properties.retryMax()) > 0 ? properties.retryMax() : wait;
    }

    private void run() {
        while (running) {
            try {
                int handled = runOnce();
                if (handled == 0 && wake.tryAcquire(properties.poll().toMillis(), TimeUnit.MILLISECONDS)) {
                    wake.drainPermits();
                }
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                if (running) {
                    log.warn("{} dispatcher: {}; retrying in {}", channel, e.toString(), properties.poll());
                    try {
                        Thread.sleep(properties.poll().toMillis());
                    } catch (InterruptedException stop) {
                        return;
                    }
                }
            }
        }
    }

    @Override
    public void start() {
        if (!properties.enabled()) {
            return;
        }
        running = true;
        worker = Thread.ofPlatform().name(channel.name().toLowerCase() + "-dispatcher").daemon().start(this::run);
    }

    @Override
    public void stop() {
        running = false;
        if (worker != null) {
            worker.interrupt();
            try {
                worker.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
