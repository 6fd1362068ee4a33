package org.projectchat.embedded;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class StalePostgresTest {

    /**
     * Run in a child JVM: starts PostgreSQL on the directory, writes a row, then waits to be killed; or, with
     * {@code exit}, starts it as dev mode does (stopped by its owner, not by the JVM) and exits at once.
     */
    public static void main(String[] args) throws Exception {
        if (args.length > 1 && args[1].equals("exit")) {
            EmbeddedPostgresServer.start(Path.of(args[0]), 0, true, false, false);
            System.exit(0);
        }
        EmbeddedPostgresServer server = EmbeddedPostgresServer.start(Path.of(args[0]), 0, false);
        try (Connection c = server.dataSource("postgres").getConnection(); var s = c.createStatement()) {
            s.execute("create table kept (v text); insert into kept values ('survives')");
        }
        System.out.println("READY");
        System.out.flush();
        new java.util.concurrent.CountDownLatch(1).await(); // until the test kills this JVM
    }

    /**
     * Dev mode's launcher stops the services before PostgreSQL; a hook of PostgreSQL's own would run at the same time
     * as the launcher's and take the database away from them.
     */
    @Test
    void aServerStoppedByItsOwnerIsNotStoppedByTheJvmsExit() throws Exception {
        Path dir = Path.of("target/owned-postgres-test").toAbsolutePath();
        Process child = childJvm(dir, "exit").redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertThat(child.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).isZero();

        long pid = Long.parseLong(Files.readAllLines(dir.resolve("postmaster.pid")).getFirst().trim());
        ProcessHandle postmaster = ProcessHandle.of(pid).orElseThrow();
        try {
            assertThat(postmaster.isAlive()).isTrue();
        } finally {
            EmbeddedPostgresServer.stopStaleServer(dir);
        }
        assertThat(postmaster.isAlive()).isFalse();
    }

    @Test
    void aPostgresLeftRunningByAKilledJvmIsStoppedAndItsDataKept() throws Exception {
        Path dir = Path.of("target/stale-postgres-test").toAbsolutePath();
        Process child = childJvm(dir).start();
        try (var out = new BufferedReader(new InputStreamReader(child.getInputStream()))) {
            String line;
            while ((line = out.readLine()) != null && !line.contains("READY")) {
                // wait for the child's PostgreSQL
            }
        }
        child.destroyForcibly().waitFor(30, TimeUnit.SECONDS); // kill -9: its PostgreSQL keeps running
        long stalePid = Long.parseLong(Files.readAllLines(dir.resolve("postmaster.pid")).getFirst().trim());
        assertThat(ProcessHandle.of(stalePid).map(ProcessHandle::isAlive)).contains(true);

        try (EmbeddedPostgresServer next = EmbeddedPostgresServer.start(dir, 0, false)) {
            assertThat(ProcessHandle.of(stalePid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
            try (Connection c = next.dataSource("postgres").getConnection(); var s = c.createStatement()) {
                var rs = s.executeQuery("select v from kept");
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("survives");
            }
        }
    }

    /** This class's {@link #main} in a JVM of its own, on an emptied directory. */
    private static ProcessBuilder childJvm(Path dir, String... more) {
        EmbeddedStack.deleteRecursively(dir);
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"), "-cp",
                System.getProperty("java.class.path"), StalePostgresTest.class.getName(), dir.toString()));
        command.addAll(List.of(more));
        return new ProcessBuilder(command).redirectErrorStream(true);
    }
}
