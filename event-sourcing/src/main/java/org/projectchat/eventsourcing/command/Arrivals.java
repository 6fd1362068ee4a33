package org.projectchat.eventsourcing.command;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Commands on their way: requests that have come in and will most likely hand a command to a {@link CommandRunner}
 * soon (their body is being read, their caller checked). A committer with a batch to commit waits for them (at most
 * its {@link CommandRunner.Batching#maxWait()}) only while there are some, so a batch takes in what is about to come
 * without holding back a lone command or a client that is the only one left.
 *
 * <p>A request thread calls {@link #coming()} when a request starts and {@link #gone()} when it ends ({@link #filter()}
 * does both for every request that may change something); the runner calls {@link #gone()} too when a command is
 * handed over on that thread, so the request counts as arrived from then on. Threads that never called
 * {@link #coming()} (consumers, timers) are not counted.
 */
public final class Arrivals {

    private final AtomicInteger coming = new AtomicInteger();
    private final ThreadLocal<boolean[]> onThisThread = ThreadLocal.withInitial(() -> new boolean[1]);
    private final List<Runnable> noneComing = new CopyOnWriteArrayList<>();

    /** A request that may hand over a command has started on this thread. */
    public void coming() {
        boolean[] counted = onThisThread.get();
        if (!counted[0]) {
            counted[0] = true;
            coming.incrementAndGet();
        }
    }

    /** The request on this thread is no longer on its way: it handed over its command, or it ended without one. */
    public void gone() {
        boolean[] counted = onThisThread.get();
        if (counted[0]) {
            counted[0] = false;
            if (coming.decrementAndGet() == 0) {
                noneComing.forEach(Runnable::run);
            }
        }
    }

    /** Runs {@code listener} (on the request's thread; it must be quick) whenever the last request on its way ends. */
    public void whenNoneComing(Runnable listener) {
        noneComing.add(listener);
    }

    /** No longer runs {@code listener}. */
    public void stopTelling(Runnable listener) {
        noneComing.remove(listener);
    }

    /** How many requests are on their way. */
    public int onTheirWay() {
        return coming.get();
    }

    /** Counts each request that may change something (not GET or HEAD) as on its way while it is served. */
    public OncePerRequestFilter filter() {
        return new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                    throws ServletException, IOException {
                if ("GET".equals(request.getMethod()) || "HEAD".equals(request.getMethod())) {
                    chain.doFilter(request, response);
                    return;
                }
                coming();
                try {
                    chain.doFilter(request, response);
                } finally {
                    gone();
                }
            }
        };
    }
}
