package org.projectchat.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Diagnostics: when PostgreSQL created a new WAL segment during a window, and for how long at least. A backend that
 * needs the next segment and finds no recycled one writes it full of zeros and syncs it (as {@code xlogtemp.<pid>})
 * before its own commit, and every other commit waits behind it; a checkpoint renames old segments for reuse instead.
 */
final class WalSegments {

    private final Path dir;
    private final List<String> seen = new ArrayList<>();
    private volatile boolean watching = true;
    private final Thread thread;

    private WalSegments(Path dir) {
        this.dir = dir;
        this.thread = Thread.ofPlatform().daemon().name("wal-segments").start(this::poll);
    }

    static WalSegments watch(Path walDir) {
        return new WalSegments(walDir);
    }

    private void poll() {
        LocalTime since = null;
        long startedAt = 0;
        while (watching) {
            boolean creating;
            try (Stream<Path> files = Files.list(dir)) {
                creating = files.anyMatch(f -> f.getFileName().toString().startsWith("xlogtemp"));
            } catch (IOException e) {
                creating = false;
            }
            if (creating && since == null) {
                since = LocalTime.now(java.time.ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS);
                startedAt = System.nanoTime();
            } else if (!creating && since != null) {
                synchronized (seen) {
                    seen.add(since + " (" + (System.nanoTime() - startedAt) / 1_000_000 + " ms)");
                }
                since = null;
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** What was seen: each creation's start and how long its temporary file existed (at a 5 ms resolution). */
    String stop() {
        watching = false;
        try {
            thread.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (seen) {
            return seen.isEmpty() ? "none" : seen.size() + ": " + String.join(", ", seen);
        }
    }
}
