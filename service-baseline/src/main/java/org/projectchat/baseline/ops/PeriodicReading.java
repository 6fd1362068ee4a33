package org.projectchat.baseline.ops;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * A figure read for gauges (usually a database query), at most once per period however often Prometheus scrapes and
 * however many gauges show parts of it. The period is elapsed time, not the service's {@code Clock}, which tests hold
 * still or move by days.
 */
public final class PeriodicReading<T> {

    private final long periodNanos;
    private final Supplier<T> read;
    private volatile T value;
    private volatile long readAtNanos;

    public PeriodicReading(Duration period, Supplier<T> read) {
        this.periodNanos = period.toNanos();
        this.read = read;
    }

    public T get() {
        long now = System.nanoTime();
        T current = value;
        if (current == null || now - readAtNanos >= periodNanos) {
            current = read.get();
            value = current;
            readAtNanos = now;
        }
        return current;
    }
}
