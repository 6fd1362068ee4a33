package org.projectchat.bench;

import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.concurrent.locks.LockSupport;

/**
 * A small fixed piece of work done every 50 ms during a step, on a thread of its own, and how long each took: what the
 * machine itself gave the step, printed beside what the system did with it.
 * <ul>
 *   <li>{@link #disk}: 4 KiB written and synced to a file beside PostgreSQL's data directory (the filesystem its WAL
 *   is on). A post's commit waits for the WAL's fsync, so a stall of this disk shows in the step's latency tail. It is
 *   a lower bound: the WAL's syncs carry far more than 4 KiB (in one run the probe's max was 48 ms while the POST p99
 *   was 119 ms), and one probe in 50 ms misses short stalls. Twenty small syncs a second beside the WAL's hundreds.</li>
 *   <li>{@link #cpu}: SHA-256 of 256 KiB, timed in the probe thread's own CPU time (waiting for a core is not counted).
 *   The same work takes more CPU when the core runs slower: a neighbour on its sibling hyper-thread, a lower clock. On
 *   this shared host whole runs came out about 30 % slower than others of the same code an hour apart, in every step
 *   (stop 50's runs B and C, concurrency 1 included), before this probe existed. In the first two runs with it, it read
 *   151-155 µs in every step, with the cores 57 % busy and 93 % alike: the load under test does not move it, so a run
 *   where it reads more had slower cores. It says nothing of a neighbour that takes memory bandwidth or the shared
 *   cache (256 KiB stays in a core's own). Its cost: 0.4 % of one core, counted in the load generator's CPU.</li>
 * </ul>
 */
final class Probe {

    private static final long PERIOD_NANOS = 50_000_000;

    /** One probe's work; returns what it measured, in ns. */
    private interface Work {
        long run() throws Exception;
    }

    private final Histogram nanos = new Histogram(60_000_000_000L, 3);
    private final Thread thread;
    private volatile boolean running = true;

    private Probe(String name, Work work, Runnable cleanUp) {
        thread = Thread.ofPlatform().daemon().name(name).start(() -> {
            try {
                long next = System.nanoTime();
                while (running) {
                    nanos.recordValue(work.run());
                    next += PERIOD_NANOS;
                    LockSupport.parkNanos(Math.max(0, next - System.nanoTime()));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            } finally {
                cleanUp.run();
            }
        });
    }

    /** Starts probing the fsync latency of the filesystem of {@code dir}. */
    static Probe disk(Path dir) throws IOException {
        Path file = dir.resolveSibling("fsync-probe");
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        ByteBuffer page = ByteBuffer.allocateDirect(4096);
        return new Probe("fsync-probe", () -> {
            page.clear();
            long start = System.nanoTime();
            channel.write(page, 0);
            channel.force(false);
            return System.nanoTime() - start;
        }, () -> {
            try {
                channel.close();
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // the bench's folder is wiped at the next start
            }
        });
    }

    /** Starts probing how much CPU time a fixed computation takes. */
    static Probe cpu() throws NoSuchAlgorithmException {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        byte[] data = new byte[256 * 1024];
        var threads = ManagementFactory.getThreadMXBean();
        return new Probe("cpu-probe", () -> {
            long start = threads.getCurrentThreadCpuTime();
            data[0] = sha.digest(data)[0]; // kept, so the work is not left out
            return threads.getCurrentThreadCpuTime() - start;
        }, () -> {
        });
    }

    /** Stops the probe; its percentiles, once its thread has ended (the histogram is read only then). */
    private Histogram stop() throws InterruptedException {
        running = false;
        thread.join();
        return nanos;
    }

    /** Stops a {@link #disk} probe: "the disk's fsync (a probe every 50 ms): p50 0.9 ms, p99 41.0 ms, max 118.2 ms". */
    String stopDisk() throws InterruptedException {
        Histogram syncs = stop();
        return syncs.getTotalCount() == 0 ? "the disk's fsync: no probe"
                : String.format("the disk's fsync (a probe every 50 ms): p50 %.1f ms, p99 %.1f ms, max %.1f ms",
                syncs.getValueAtPercentile(50) / 1e6, syncs.getValueAtPercentile(99) / 1e6, syncs.getMaxValue() / 1e6);
    }

    /** Stops a {@link #cpu} probe: its median in µs of CPU, 0 when it never ran. */
    double stopCpu() throws InterruptedException {
        Histogram work = stop();
        return work.getTotalCount() == 0 ? 0 : work.getValueAtPercentile(50) / 1e3;
    }
}
