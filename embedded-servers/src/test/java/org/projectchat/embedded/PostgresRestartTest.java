package org.projectchat.embedded;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.EnumSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** PostgreSQL stopped the hard way (immediate shutdown, as {@code pg_ctl stop -m immediate}) comes back with its data. */
class PostgresRestartTest {

    @Test
    void anImmediateShutdownThenARestartKeepsTheDataAndThePort() throws Exception {
        Path dir = Path.of("target/postgres-restart-test").toAbsolutePath();
        EmbeddedStack.deleteRecursively(dir);
        try (EmbeddedStack stack = new EmbeddedStack(dir, EmbeddedStack.Mode.TEST).start(EnumSet.of(Server.POSTGRES))) {
            String url = stack.postgres().jdbcUrl("postgres");
            int port = stack.postgres().port();
            try (Connection c = DriverManager.getConnection(url, "postgres", "postgres"); var s = c.createStatement()) {
                s.execute("create table kept (v text); insert into kept values ('committed before the crash')");
            }
            ProcessHandle postmaster = EmbeddedPostgresServer.postmaster(dir.resolve("postgres")).orElseThrow();
            assertThat(new ProcessBuilder("kill", "-QUIT", Long.toString(postmaster.pid())).start().waitFor()).isZero();
            await().atMost(Duration.ofSeconds(30)).until(() -> !postmaster.isAlive());

            stack.restart(Server.POSTGRES);

            assertThat(stack.postgres().port()).isEqualTo(port);
            try (Connection c = DriverManager.getConnection(url, "postgres", "postgres"); var s = c.createStatement()) {
                var rs = s.executeQuery("select v from kept");
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("committed before the crash");
            }
        }
    }
}
