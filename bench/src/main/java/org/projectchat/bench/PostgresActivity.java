package org.projectchat.bench;

import org.projectchat.embedded.EmbeddedPostgresServer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Diagnostics: PostgreSQL's own work during a window that commits may queue behind, with when it started and how long
 * it lasted (at a 20 ms resolution), to line up with the open loop's stalls:
 * <ul>
 *   <li>a new WAL segment: a backend that needs the next segment and finds no recycled one writes it full of zeros and
 *   syncs it (as {@code xlogtemp.<pid>}) inside its commit, and every other commit waits behind it (a checkpoint
 *   renames old segments for reuse instead);</li>
 *   <li>autovacuum workers, by what each ran (a vacuum or analyze of a table the posts fill);</li>
 *   <li>a statement waiting on one wait event (WAL sync, a lock, I/O) in polls 50 ms or more apart.</li>
 * </ul>
 */
final class PostgresActivity {

    private final Path walDir;
    private final EmbeddedPostgresServer postgres;
    private final List<String> walSegments = new ArrayList<>();
    private final List<String> autovacuum = new ArrayList<>();
    private final List<String> waits = new ArrayList<>();
    private volatile boolean watching = true;
    private final Thread thread;

    private PostgresActivity(EmbeddedPostgresServer postgres, Path walDir) {
        this.postgres = postgres;
        this.walDir = walDir;
        this.thread = Thread.ofPlatform().daemon().name("postgres-activity").start(this::poll);
    }

    static PostgresActivity watch(EmbeddedPostgresServer postgres, Path dataDir) {
        return new PostgresActivity(postgres, dataDir.resolve("pg_wal"));
    }

    private void poll() {
        Interval creating = new Interval();
        Map<String, Interval> vacuums = new HashMap<>();
        Map<String, Interval> waiting = new HashMap<>();
        try (Connection c = ChatBenchmark.chatDatabase(postgres);
             var vacuuming = c.prepareStatement("select pid || ' ' || regexp_replace(query, '\\s+', ' ', 'g') from pg_stat_activity"
                     + " where backend_type = 'autovacuum worker' and query <> ''");
             var waitingNow = c.prepareStatement("select pid || ' ' || wait_event_type || ':' || wait_event || ' in '"
                     + " || regexp_replace(left(query, 40), '\\s+', ' ', 'g') from pg_stat_activity where backend_type <> 'autovacuum worker'"
                     + " and state = 'active' and wait_event_type is not null and wait_event_type not in ('Client', 'Activity')"
                     + " and pid <> pg_backend_pid()")) {
            while (watching) {
                creating.seen(walSegmentBeingCreated(), walSegments, "", 0);
                track(vacuums, rows(vacuuming), autovacuum, 0);
                track(waiting, rows(waitingNow), waits, 50);
                Thread.sleep(20);
            }
            vacuums.forEach((key, interval) -> interval.seen(false, autovacuum,
                    key.substring(key.indexOf(' ') + 1) + " (still running at the window's end)", 0));
        } catch (SQLException e) {
            synchronized (autovacuum) {
                autovacuum.add("(stopped: " + e.getMessage() + ")");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Set<String> rows(java.sql.PreparedStatement query) throws SQLException {
        Set<String> rows = new HashSet<>();
        try (var rs = query.executeQuery()) {
            while (rs.next()) {
                rows.add(rs.getString(1));
            }
        }
        return rows;
    }

    /**
     * Starts an interval for each thing ("pid what") seen now, and logs each one no longer seen that lasted at least
     * {@code minMillis}, by what it was.
     */
    private static void track(Map<String, Interval> open, Set<String> now, List<String> log, long minMillis) {
        now.forEach(key -> open.computeIfAbsent(key, k -> new Interval()).seen(true, log, key, minMillis));
        open.forEach((key, interval) -> interval.seen(now.contains(key), log, key.substring(key.indexOf(' ') + 1), minMillis));
        open.values().removeIf(interval -> interval.since == null);
    }

    private boolean walSegmentBeingCreated() {
        try (Stream<Path> files = Files.list(walDir)) {
            return files.anyMatch(f -> f.getFileName().toString().startsWith("xlogtemp"));
        } catch (IOException e) {
            return false;
        }
    }

    /** Something seen running: from when, and its entry once it is no longer seen (if it lasted long enough). */
    private static final class Interval {
        LocalTime since;
        long startedAt;

        void seen(boolean now, List<String> log, String what, long minMillis) {
            if (now && since == null) {
                since = LocalTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS);
                startedAt = System.nanoTime();
            } else if (!now && since != null) {
                long lasted = (System.nanoTime() - startedAt) / 1_000_000;
                if (lasted >= minMillis) {
                    synchronized (log) {
                        log.add((what.isEmpty() ? "" : what + " ") + since + " for " + lasted + " ms");
                    }
                }
                since = null;
            }
        }
    }

    /** Stops watching; what was seen, one line each. */
    List<String> stop() {
        watching = false;
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return List.of("WAL segments created (zero-filled while a commit waits): " + summary(walSegments),
                "autovacuum: " + summary(autovacuum),
                "waits of a statement seen for 50 ms or more (not for its client): " + summary(waits));
    }

    private static String summary(List<String> log) {
        synchronized (log) {
            return log.isEmpty() ? "none" : log.size() + ": " + String.join("; ", log);
        }
    }
}
