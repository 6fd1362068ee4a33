package org.projectchat.bench;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Warm-up that ends when the JIT has settled rather than after a fixed time: the load runs in
 * windows until the JVM under test spent less than 2 % of a window compiling. On two cores a
 * service that is still compiling gives the compiler a third of the machine (measured: 34 % of
 * file-service's CPU over a 10 s warm-up plus 30 s of load), which measures the warm-up, not
 * the path.
 */
final class JitWarmUp {

    private static final Duration WINDOW = Duration.ofSeconds(5);
    private static final double SETTLED = 0.02;

    private JitWarmUp() {
    }

    /** Compilation time so far of a service, from its Prometheus endpoint ({@code jvm_compilation_time_ms_total}). */
    static LongSupplier service(String url) {
        return () -> {
            try {
                return ChatBenchmark.prometheus(url).lines().filter(l -> l.startsWith("jvm_compilation_time_ms_total"))
                        .mapToLong(l -> (long) ChatBenchmark.sampleValue(l)).sum();
            } catch (Exception e) {
                throw new IllegalStateException("no compilation time from " + url, e);
            }
        };
    }

    /**
     * CPU time so far of another JVM's compiler threads (Kafka's broker, which has no metrics endpoint here), from
     * Linux's /proc.
     */
    static LongSupplier compilerThreads(long pid) {
        return () -> (long) ThreadCpu.of(pid).values().stream().filter(t -> t.group().startsWith("C# CompilerThre"))
                .mapToDouble(ThreadCpu.Sample::millis).sum();
    }

    /** Both JVMs' compilation, so that a warm-up waits until both have settled. */
    static LongSupplier both(LongSupplier one, LongSupplier other) {
        return () -> one.getAsLong() + other.getAsLong();
    }

    /** Compilation time so far of this JVM (the raw baselines run here). */
    static LongSupplier here() {
        return () -> ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
    }

    /** The share of a span of time spent compiling (of one core: compiler threads may run in parallel). */
    static double share(long compiledMillis, long spanMillis) {
        return compiledMillis / (double) spanMillis;
    }

    interface Load {
        void run(Duration duration) throws Exception;
    }

    /** Runs the load in windows until compilation settles (or {@code max} passes); returns a line saying how it went. */
    static String until(LongSupplier compiledMillis, Load load, Duration max) throws Exception {
        long start = System.nanoTime();
        long windows = 0;
        double share;
        do {
            long before = compiledMillis.getAsLong();
            load.run(WINDOW);
            share = share(compiledMillis.getAsLong() - before, WINDOW.toMillis());
            windows++;
        } while (share >= SETTLED && System.nanoTime() - start < max.toNanos());
        return String.format("%d s, JIT %.1f %% of the last %d s", windows * WINDOW.toSeconds(), 100 * share, WINDOW.toSeconds());
    }
}
