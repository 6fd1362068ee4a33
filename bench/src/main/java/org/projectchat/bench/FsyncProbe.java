package org.projectchat.bench;

import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.locks.LockSupport;

/**
 * The disk's own fsync latency during a step: a thread writes 4 KiB to a file beside PostgreSQL's data directory (the
 * filesystem its WAL is on) and syncs it, every 50 ms. A post's commit waits for the WAL's fsync, so a stall of this
 * disk shows in the step's latency tail; printed beside it, the probe shows whether the disk stalled in the step.
 * It is a lower bound: the WAL's syncs carry far more than 4 KiB (in one run the probe's max was 48 ms while the POST
 * p99 was 119 ms), and one probe in 50 ms misses short stalls. Twenty small syncs a second beside the WAL's hundreds.
 */
final class FsyncProbe {

    private static final long PERIOD_NANOS = 50_000_000;

    private final Histogram syncs = new Histogram(60_000_000_000L, 3);
    private final Thread thread;
    private volatile boolean running = true;

    private FsyncProbe(Path file) {
        thread = Thread.ofPlatform().daemon().name("fsync-probe").start(() -> probe(file));
    }

    /** Starts probing the filesystem of {@code dir}. */
    static FsyncProbe start(Path dir) {
        return new FsyncProbe(dir.resolveSibling("fsync-probe"));
    }

    private void probe(Path file) {
        ByteBuffer page = ByteBuffer.allocateDirect(4096);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            long next = System.nanoTime();
            while (running) {
                page.clear();
                long start = System.nanoTime();
                channel.write(page, 0);
                channel.force(false);
                syncs.recordValue(System.nanoTime() - start);
                next += PERIOD_NANOS;
                LockSupport.parkNanos(Math.max(0, next - System.nanoTime()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // the bench's folder is wiped at the next start
            }
        }
    }

    /** Stops the probe: "the disk's fsync (a probe every 50 ms): p50 0.9 ms, p99 41.0 ms, max 118.2 ms". */
    String stop() throws InterruptedException {
        running = false;
        thread.join(); // the probe's thread writes the histogram no more, and what it wrote is seen from here on
        return syncs.getTotalCount() == 0 ? "the disk's fsync: no probe"
                : String.format("the disk's fsync (a probe every 50 ms): p50 %.1f ms, p99 %.1f ms, max %.1f ms",
                syncs.getValueAtPercentile(50) / 1e6, syncs.getValueAtPercentile(99) / 1e6, syncs.getMaxValue() / 1e6);
    }
}
