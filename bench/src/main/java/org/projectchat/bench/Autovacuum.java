package org.projectchat.bench;

import org.projectchat.embedded.EmbeddedPostgresServer;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The tables autovacuum worked on during a step, from two looks (its start and its end) rather than polling. A vacuum
 * of a table the posts fill does a cycle's worth of their work ({@code autovacuum_naptime}: visibility map, freezing,
 * full-page images in the WAL) in whichever step it lands in, so a step's PostgreSQL CPU per post is read beside it.
 *
 * @param finished by table, its vacuums and analyzes finished so far and the time they took
 * @param active   tables a worker is on now
 */
record Autovacuum(Map<String, Totals> finished, Set<String> active) {

    /** A table's finished vacuums and analyzes: how many, and their wall time (PostgreSQL 18's cumulative times). */
    record Totals(long runs, double vacuumMillis, double analyzeMillis) {
    }

    static Autovacuum now(EmbeddedPostgresServer postgres) throws SQLException {
        Map<String, Totals> finished = new HashMap<>();
        Set<String> active = new TreeSet<>();
        try (Connection c = ChatBenchmark.chatDatabase(postgres); var s = c.createStatement()) {
            try (var rs = s.executeQuery("select relname, autovacuum_count + autoanalyze_count, total_autovacuum_time,"
                    + " total_autoanalyze_time from pg_stat_user_tables")) {
                while (rs.next()) {
                    finished.put(rs.getString(1), new Totals(rs.getLong(2), rs.getDouble(3), rs.getDouble(4)));
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
        return new Autovacuum(finished, active);
    }

    /**
     * The tables vacuumed or analyzed at any moment between {@code before} and now, in name order, each with the time
     * its vacuums and analyzes that finished meanwhile took (wall time, the cost-based delay's sleeps included), and
     * "running" where one was still on it at the end: "events (vacuum 2.1 s, analyze 3.0 s)", "feed (running)".
     */
    List<String> since(Autovacuum before) {
        Map<String, List<String>> tables = new TreeMap<>();
        before.active.forEach(table -> tables.put(table, new ArrayList<>()));
        finished.forEach((table, now) -> {
            Totals then = before.finished.getOrDefault(table, new Totals(0, 0, 0));
            if (now.runs() > then.runs()) {
                tables.computeIfAbsent(table, t -> new ArrayList<>()).add(String.format("vacuum %.1f s, analyze %.1f s",
                        (now.vacuumMillis() - then.vacuumMillis()) / 1000, (now.analyzeMillis() - then.analyzeMillis()) / 1000));
            }
        });
        active.forEach(table -> tables.computeIfAbsent(table, t -> new ArrayList<>()).add("running"));
        return tables.entrySet().stream()
                .map(t -> t.getValue().isEmpty() ? t.getKey() : t.getKey() + " (" + String.join(", ", t.getValue()) + ")")
                .toList();
    }
}
