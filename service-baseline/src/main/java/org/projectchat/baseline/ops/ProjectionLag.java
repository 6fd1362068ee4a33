package org.projectchat.baseline.ops;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Metrics;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * A projection learns another service's commands from Kafka some milliseconds after they were
 * acknowledged (the outbox relay, then the consumer). A request that follows one at once — a post
 * attaching a file just uploaded, a download of a file just attached — can find the projection not
 * there yet, so it gives the projection a moment before it refuses.
 */
public final class ProjectionLag {

    /** How long a request waits for a projection to catch up before it refuses. */
    public static final Duration GRACE = Duration.ofSeconds(2);

    private static final long POLL_MILLIS = 50;

    /** Requests waiting now for a projection to catch up: an operator's sign of lag that clients feel. */
    private static final AtomicInteger WAITING = new AtomicInteger();

    static {
        Gauge.builder("projection.lag.waiting", WAITING, AtomicInteger::get)
                .description("requests waiting for a projection to catch up before they answer").register(Metrics.globalRegistry);
    }

    private ProjectionLag() {
    }

    /** Checks until the answer is the awaited one or the grace has passed; the last answer. */
    public static <T> T await(Supplier<T> check, Predicate<T> awaited) {
        return await(check, awaited, GRACE);
    }

    /**
     * Checks until the answer is the awaited one or {@code grace} has passed, soon at first and then less often (10 ms,
     * doubling up to 50 ms between checks), so a refusal that is simply right costs a few cheap queries; the last answer.
     */
    public static <T> T await(Supplier<T> check, Predicate<T> awaited, Duration grace) {
        return await(check, awaited, grace, Duration.ZERO, () -> true);
    }

    /**
     * As {@link #await(Supplier, Predicate, Duration)}, but once {@code atLeast} has passed it waits on only while
     * {@code catchingUp} says the projection still has something to take in: a refusal that is right costs little.
     */
    public static <T> T await(Supplier<T> check, Predicate<T> awaited, Duration grace, Duration atLeast,
                              java.util.function.BooleanSupplier catchingUp) {
        long start = System.nanoTime();
        long deadline = start + grace.toNanos();
        long settled = start + atLeast.toNanos();
        T answer = check.get();
        if (awaited.test(answer)) {
            return answer;
        }
        WAITING.incrementAndGet();
        try {
            long pause = 10;
            while (!awaited.test(answer) && System.nanoTime() < deadline
                    && (System.nanoTime() < settled || catchingUp.getAsBoolean())) {
                try {
                    Thread.sleep(pause);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return answer;
                }
                pause = Math.min(POLL_MILLIS, pause * 2);
                answer = check.get();
            }
            return answer;
        } finally {
            WAITING.decrementAndGet();
        }
    }
}
