package org.projectchat.bench;

import org.projectchat.embedded.EmbeddedPostgresServer;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The tables autovacuum worked on during a step, from two looks (its start and its end) rather than polling. A vacuum
 * of a table the posts fill does a cycle's worth of their work ({@code autovacuum_naptime}: visibility map, freezing,
 * full-page images in the WAL) in whichever step it lands in, so a step's PostgreSQL CPU per post is read beside it.
 *
 * @param runs   vacuums and analyzes finished so far, by table
 * @param millis the time the finished ones took so far, by table: vacuum, analyze (PostgreSQL 18's cumulative times)
 * @param active tables a worker is on now
 */
record Autovacuum(Map<String, Long> runs, Map<String, double[]> millis, Set<String> active) {

    static Autovacuum now(EmbeddedPostgresServer postgres) throws SQLException {
        Map<String, Long> runs = new HashMap<>();
        Map<String, double[]> millis = new HashMap<>();
        Set<String> active = new TreeSet<>();
        try (Connection c = ChatBenchmark.chatDatabase(postgres); var s = c.createStatement()) {
            try (var rs = s.executeQuery("select relname, autovacuum_count + autoanalyze_count, total_autovacuum_time,"
                    + " total_autoanalyze_time from pg_stat_user_tables")) {
                while (rs.next()) {
                    runs.put(rs.getString(1), rs.getLong(2));
                    millis.put(rs.getString(1), new double[]{rs.getDouble(3), rs.getDouble(4)});
                }
            }
            // "autovacuum: VACUUM ANALYZE public.events" (with "(to prevent wraparound)" at times): the table is the word
            // after the schema
            try (var rs = s.executeQuery("select substring(query from '\\.(\\w+)') from pg_stat_activity"
                    + " where backend_type = 'autovacuum worker' and query like 'autovacuum:%public.%'")) {
                while (rs.next()) {
                    active.add(rs.getString(1));
                }
            }
        }
        return new Autovacuum(runs, millis, active);
    }

    /**
     * The tables vacuumed or analyzed at any moment between {@code before} and now, each with the time its vacuums
     * and analyzes that finished meanwhile took (wall time, the cost-based delay's sleeps included), and "running"
     * where one was still on it at the end: "events (vacuum 2.1 s, analyze 3.0 s)".
     */
    Set<String> since(Autovacuum before) {
        Map<String, String> tables = new TreeMap<>();
        before.active.forEach(table -> tables.put(table, ""));
        runs.forEach((table, count) -> {
            if (count > before.runs.getOrDefault(table, 0L)) {
                double[] now = millis.get(table);
                double[] then = before.millis.getOrDefault(table, new double[2]);
                tables.put(table, String.format("vacuum %.1f s, analyze %.1f s", (now[0] - then[0]) / 1000, (now[1] - then[1]) / 1000));
            }
        });
        active.forEach(table -> tables.merge(table, "running", (finished, running) -> finished.isEmpty() ? running : finished + ", running"));
        Set<String> described = new TreeSet<>();
        tables.forEach((table, times) -> described.add(times.isEmpty() ? table : table + " (" + times + ")"));
        return described;
    }
}
