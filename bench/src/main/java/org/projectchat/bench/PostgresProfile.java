package org.projectchat.bench;

import org.projectchat.embedded.EmbeddedPostgresServer;
import org.projectchat.embedded.ProcessCpu;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Diagnostics ({@code --threads}): where PostgreSQL's CPU per post went in a window, by process (each connection named
 * by the last statement it ran, which tells the committer from the relay), and its statements' execution time from
 * pg_stat_statements, reset at the window's start.
 */
final class PostgresProfile {

    /** What the server needs loaded for the statements' figures. */
    static final Map<String, String> SETTINGS = Map.of("shared_preload_libraries", "pg_stat_statements",
            "pg_stat_statements.track_planning", "on");

    private final EmbeddedPostgresServer postgres;
    private final Path dataDir;
    private final Map<Long, Double> before;
    private final double endedBefore;
    private final Map<String, ThreadCpu.Sample> scheduledBefore;
    private final String startLsn;
    private final PostgresActivity activity;

    private PostgresProfile(EmbeddedPostgresServer postgres, Path dataDir, Map<Long, Double> before, String startLsn) {
        this.postgres = postgres;
        this.dataDir = dataDir;
        this.before = before;
        this.endedBefore = EmbeddedPostgresServer.endedProcessesCpuMillis(dataDir);
        this.scheduledBefore = scheduling(dataDir);
        this.startLsn = startLsn;
        this.activity = PostgresActivity.watch(postgres, dataDir);
    }

    static PostgresProfile since(EmbeddedPostgresServer postgres, Path dataDir) throws SQLException {
        try (Connection c = ChatBenchmark.chatDatabase(postgres); var s = c.createStatement()) {
            s.execute("create extension if not exists pg_stat_statements");
            s.execute("select pg_stat_statements_reset()");
            s.execute("select pg_stat_reset_shared('wal')");
            s.execute("select pg_stat_reset_shared('checkpointer')");
            s.execute("create extension if not exists pg_walinspect");
            try (var rs = s.executeQuery("select pg_current_wal_lsn()::text")) {
                rs.next();
                return new PostgresProfile(postgres, dataDir, cpu(dataDir), rs.getString(1));
            }
        }
    }

    /** @param unit what {@code posts} counts: "post", or "second" for a window with no load (the idle step) */
    void print(long posts, String unit) throws SQLException {
        double n = Math.max(1, posts);
        Map<Long, Double> after = cpu(dataDir);
        activity.stop().forEach(line -> System.out.println("      postgres " + line));
        Map<String, Double> spent = new TreeMap<>();
        try (Connection c = ChatBenchmark.chatDatabase(postgres); var s = c.createStatement()) {
            Map<Long, String> names = new HashMap<>();
            try (var rs = s.executeQuery("select pid, backend_type, regexp_replace(left(coalesce(query, ''), 50), '\\s+', ' ', 'g')"
                    + " from pg_stat_activity")) {
                while (rs.next()) {
                    names.put(rs.getLong(1), rs.getString(2) + ": " + rs.getString(3));
                }
            }
            after.forEach((pid, ms) -> spent.merge(names.getOrDefault(pid, "postmaster"), ms - before.getOrDefault(pid, 0.0), Double::sum));
            // what the processes that ended spent in the window (autovacuum workers above all): all they ever spent, from
            // the postmaster's children's times, less what those alive at the start had spent by then
            double ended = EmbeddedPostgresServer.endedProcessesCpuMillis(dataDir) - endedBefore;
            for (var b : before.entrySet()) {
                if (!after.containsKey(b.getKey())) {
                    ended -= b.getValue();
                }
            }
            spent.merge("ended in the window", ended, Double::sum);
            Map<String, ThreadCpu.Sample> scheduledAfter = new HashMap<>();
            scheduling(dataDir).forEach((pid, sample) -> scheduledAfter.put(pid, new ThreadCpu.Sample(
                    names.getOrDefault(Long.parseLong(pid), "postmaster"), sample.millis(), sample.waitedNanos(), sample.scheduled())));
            System.out.println("      postgres processes, CPU ms per " + unit + ":"
                    + ThreadCpu.top(spent, ThreadCpu.waits(scheduledBefore, scheduledAfter), posts, 6));
            try (var rs = s.executeQuery("select w.wal_records, w.wal_fpi, w.wal_bytes, c.num_timed + c.num_requested"
                    + " from pg_stat_wal w, pg_stat_checkpointer c")) {
                rs.next();
                System.out.printf("      postgres WAL per " + unit + ": %.1f records, %.2f full-page images, %.0f bytes; checkpoints in the window: %d%n",
                        rs.getLong(1) / n, rs.getLong(2) / n, rs.getDouble(3) / n, rs.getLong(4));
            }
            // read back from the WAL after the window (not during it): which relations' pages were logged in full, the
            // first change of each page after a checkpoint
            StringBuilder images = new StringBuilder();
            try (var query = c.prepareStatement("select coalesce(c.relname, b.relfilenode::text), count(*), sum(b.block_fpi_length)"
                    + " from pg_get_wal_block_info(?::pg_lsn, pg_current_wal_lsn(), false) b"
                    + " left join pg_class c on c.relfilenode = b.relfilenode"
                    + " and b.reldatabase = (select oid from pg_database where datname = current_database())"
                    + " where b.block_fpi_length > 0 group by 1 order by 3 desc limit 6")) {
                query.setString(1, startLsn);
                try (var rs = query.executeQuery()) {
                    while (rs.next()) {
                        images.append(String.format("; %s %.2f (%.0f bytes)", rs.getString(1), rs.getLong(2) / n, rs.getDouble(3) / n));
                    }
                }
                System.out.println("      postgres full-page images per " + unit + ", by relation" + (images.isEmpty() ? ": none" : images.substring(1)));
            } catch (SQLException recycled) {
                // a long window's checkpoints may have removed its first WAL segments before they could be read back
                System.out.println("      postgres full-page images per " + unit + ", by relation: not known (" + recycled.getMessage() + ")");
            }
            System.out.println("      postgres statements, execution ms per " + unit + " (calls, ms per call, planning ms per call):");
            try (var rs = s.executeQuery("select calls, total_exec_time, regexp_replace(left(query, 80), '\\s+', ' ', 'g'),"
                    + " total_plan_time from pg_stat_statements where calls > 0 order by total_exec_time desc limit 6")) {
                while (rs.next()) {
                    System.out.printf("         %.3f (%d, %.3f, %.3f) %s%n", rs.getDouble(2) / n, rs.getLong(1),
                            rs.getDouble(2) / Math.max(1, rs.getLong(1)), rs.getDouble(4) / Math.max(1, rs.getLong(1)), rs.getString(3));
                }
            }
        }
    }

    /** How long each PostgreSQL process has waited for a CPU so far and how often it was put on one, by pid. */
    private static Map<String, ThreadCpu.Sample> scheduling(Path dataDir) {
        Map<String, ThreadCpu.Sample> samples = new HashMap<>();
        EmbeddedPostgresServer.processes(dataDir).forEach(p -> {
            ThreadCpu.Sample sample = ThreadCpu.of(p.pid()).get(Long.toString(p.pid())); // one thread: its id is the pid
            if (sample != null) {
                samples.put(Long.toString(p.pid()), sample);
            }
        });
        return samples;
    }

    /** CPU ms so far of each PostgreSQL process (the postmaster and its children), by pid. */
    private static Map<Long, Double> cpu(Path dataDir) {
        Map<Long, Double> cpu = new HashMap<>();
        EmbeddedPostgresServer.processes(dataDir).forEach(p -> cpu.put(p.pid(), ProcessCpu.millis(p)));
        return cpu;
    }
}
