package org.projectchat.bench;

import org.projectchat.embedded.EmbeddedPostgresServer;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The tables autovacuum worked on during a step, from two looks (its start and its end) rather than polling. A vacuum
 * of a table the posts fill does a cycle's worth of their work ({@code autovacuum_naptime}: visibility map, freezing,
 * full-page images in the WAL) in whichever step it lands in, so a step's PostgreSQL CPU per post is read beside it.
 *
 * @param runs   vacuums and analyzes finished so far, by table
 * @param active tables a worker is on now
 */
record Autovacuum(Map<String, Long> runs, Set<String> active) {

    static Autovacuum now(EmbeddedPostgresServer postgres) throws SQLException {
        Map<String, Long> runs = new HashMap<>();
        Set<String> active = new TreeSet<>();
        try (Connection c = ChatBenchmark.chatDatabase(postgres); var s = c.createStatement()) {
            try (var rs = s.executeQuery("select relname, autovacuum_count + autoanalyze_count from pg_stat_user_tables")) {
                while (rs.next()) {
                    runs.put(rs.getString(1), rs.getLong(2));
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
        return new Autovacuum(runs, active);
    }

    /** The tables vacuumed or analyzed at any moment between {@code before} and now. */
    Set<String> since(Autovacuum before) {
        Set<String> tables = new TreeSet<>(before.active);
        tables.addAll(active);
        runs.forEach((table, count) -> {
            if (count > before.runs.getOrDefault(table, 0L)) {
                tables.add(table);
            }
        });
        return tables;
    }
}
