package org.projectchat.embedded;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class PostgresCpuTest {

    /**
     * A benchmark reads the server's CPU before and after a step; a connection (or an autovacuum worker) that does its
     * work and ends in between must still be counted, though its process is gone by the second look.
     */
    @Test
    void theCpuOfAProcessThatEndedBetweenTwoLooksIsCounted() throws Exception {
        Path dir = Path.of("target/postgres-cpu-test").toAbsolutePath();
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(dir, 0, true)) {
            List<Long> before = EmbeddedPostgresServer.processes(dir).stream().map(ProcessHandle::pid).toList();
            double total = EmbeddedPostgresServer.cpuMillis(dir);
            double burned;
            try (Connection c = server.dataSource("postgres").getConnection(); var s = c.createStatement()) {
                var rs = s.executeQuery("select pg_backend_pid() from (select sum(g) from generate_series(1, 30000000) g) burn");
                rs.next();
                burned = ProcessCpu.millis(ProcessHandle.of(rs.getLong(1)).orElseThrow()); // its CPU, while it is alive
            }
            // the backend exits once its connection closes, and the postmaster waits for it
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    EmbeddedPostgresServer.processes(dir).stream().map(ProcessHandle::pid).allMatch(before::contains));

            assertThat(burned).isGreaterThan(300);
            assertThat(EmbeddedPostgresServer.cpuMillis(dir) - total).isGreaterThanOrEqualTo(burned - 20); // a tick's rounding
        }
    }
}
