package org.projectchat.embedded;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * PostgreSQL from embedded binaries, run as its own processes by {@code pg_ctl}. A server left
 * running by a killed JVM is found by the {@code postmaster.pid} in the data directory and
 * stopped before a new one starts on that directory.
 */
public final class EmbeddedPostgresServer implements EmbeddedServer {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresServer.class);
    public static final String USER = "postgres";

    /** Null when the server runs elsewhere (a container the stack owns, trusting local connections). */
    private final EmbeddedPostgres postgres;
    private final String host;
    private final int port;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres) {
        this.postgres = postgres;
        this.host = "127.0.0.1";
        this.port = postgres.getPort();
    }

    private EmbeddedPostgresServer(String host, int port) {
        this.postgres = null;
        this.host = host;
        this.port = port;
    }

    /** A server that runs elsewhere, e.g. in a container, where user {@link #USER} may connect to any database. */
    static EmbeddedPostgresServer reachedAt(String host, int port) {
        return new EmbeddedPostgresServer(host, port);
    }

    /**
     * @param dataDir where the cluster lives
     * @param port    0 for any free port
     * @param clean   wipe the data directory first (tests) or keep it (dev mode)
     */
    public static EmbeddedPostgresServer start(Path dataDir, int port, boolean clean) {
        return start(dataDir, port, clean, !clean);
    }

    /**
     * @param durable fsync the WAL (dev mode, benchmarks); tests run faster without
     */
    public static EmbeddedPostgresServer start(Path dataDir, int port, boolean clean, boolean durable) {
        return start(dataDir, port, clean, durable, true, Map.of());
    }

    /**
     * @param settings more server settings (a benchmark's diagnostics: {@code shared_preload_libraries})
     */
    public static EmbeddedPostgresServer start(Path dataDir, int port, boolean clean, boolean durable,
                                               Map<String, String> settings) {
        return start(dataDir, port, clean, durable, true, settings);
    }

    /**
     * @param stopsWithTheJvm stop the server in a JVM shutdown hook of its own. Dev mode stops it itself instead, after
     *                        the services that write to it: hooks run all at once, so this one would take the database
     *                        away from services still shutting down
     */
    static EmbeddedPostgresServer start(Path dataDir, int port, boolean clean, boolean durable, boolean stopsWithTheJvm) {
        return start(dataDir, port, clean, durable, stopsWithTheJvm, Map.of());
    }

    private static EmbeddedPostgresServer start(Path dataDir, int port, boolean clean, boolean durable,
                                                boolean stopsWithTheJvm, Map<String, String> settings) {
        try {
            Files.createDirectories(dataDir.getParent());
            stopStaleServer(dataDir);
            if (clean) {
                EmbeddedStack.deleteRecursively(dataDir);
            }
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder();
            settings.forEach(builder::setServerConfig);
            EmbeddedPostgres postgres = builder
                    .setDataDirectory(dataDir.toFile())
                    // never zonky's own cleaning: it deletes the data when the server stops, so a restart (an outage
                    // in a test) would come back empty; a clean start deletes it above instead
                    .setCleanDataDirectory(false)
                    .setPort(Ports.orFree(port))
                    .setServerConfig("max_connections", "300")
                    .setServerConfig("fsync", durable ? "on" : "off")
                    .setServerConfig("synchronous_commit", "on")
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .setRegisterShutdownHook(stopsWithTheJvm)
                    .start();
            var server = new EmbeddedPostgresServer(postgres);
            log.info("PostgreSQL listening on {}", server.address());
            return server;
        } catch (IOException e) {
            throw new IllegalStateException("PostgreSQL did not start: " + e.getMessage(), e);
        }
    }

    /** The postmaster running on this data directory, found by its {@code postmaster.pid}. */
    public static Optional<ProcessHandle> postmaster(Path dataDir) throws IOException {
        Path pidFile = dataDir.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return Optional.empty();
        }
        long pid = Long.parseLong(Files.readAllLines(pidFile).getFirst().trim());
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                .filter(p -> p.info().command().map(c -> c.contains("postgres")).orElse(true));
    }

    /** The server's processes on this data directory: the postmaster and its children; none when it is not running. */
    public static List<ProcessHandle> processes(Path dataDir) {
        try {
            return postmaster(dataDir).map(p -> Stream.concat(Stream.of(p), p.descendants()).toList()).orElse(List.of());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * CPU milliseconds the server on this data directory has spent so far: the postmaster's own, its live processes',
     * and those of its processes that ended (the postmaster waits for each child, so the kernel adds what it spent to
     * the postmaster's children's times, /proc's cutime and cstime). Summing the live processes alone loses the CPU
     * of a process that ends between two looks (an autovacuum worker runs for seconds and exits; a connection closes)
     * and, at the second look, takes away what it had spent before the first. 0 when no server runs there.
     */
    public static double cpuMillis(Path dataDir) {
        return endedProcessesCpuMillis(dataDir)
                + processes(dataDir).stream().mapToDouble(ProcessCpu::millis).sum();
    }

    /** CPU milliseconds spent by the server's processes that have ended and been waited for; 0 when none runs. */
    public static double endedProcessesCpuMillis(Path dataDir) {
        try {
            return postmaster(dataDir).flatMap(p -> ProcessCpu.Stat.of(p.pid()))
                    .map(ProcessCpu.Stat::endedChildrenMillis).orElse(0.0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops a postmaster left running on this data directory by a process that was killed. */
    static void stopStaleServer(Path dataDir) throws IOException {
        Path pidFile = dataDir.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        Optional<ProcessHandle> process = postmaster(dataDir);
        if (process.isEmpty()) {
            log.info("Removing stale postmaster.pid of a PostgreSQL that is no longer running ({})", pidFile);
            Files.deleteIfExists(pidFile);
            return;
        }
        ProcessHandle handle = process.get();
        log.warn("A PostgreSQL left running by an earlier run (pid {}) holds {}; stopping it", handle.pid(), dataDir);
        handle.destroy();
        try {
            handle.onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
            handle.destroyForcibly();
        }
        Files.deleteIfExists(pidFile);
    }

    public int port() {
        return port;
    }

    public String jdbcUrl(String database) {
        return postgres != null ? postgres.getJdbcUrl(USER, database)
                : "jdbc:postgresql://" + host + ":" + port + "/" + database + "?user=" + USER;
    }

    public DataSource dataSource(String database) {
        if (postgres != null) {
            return postgres.getDatabase(USER, database);
        }
        var dataSource = new org.postgresql.ds.PGSimpleDataSource();
        dataSource.setURL(jdbcUrl(database));
        return dataSource;
    }

    /** Creates a database unless it exists. */
    public void createDatabase(String database) {
        try (Connection c = dataSource("postgres").getConnection();
             var check = c.prepareStatement("select 1 from pg_database where datname = ?")) {
            check.setString(1, database);
            if (!check.executeQuery().next()) {
                try (var create = c.createStatement()) {
                    create.execute("create database \"" + database.replace("\"", "") + "\"");
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + database, e);
        }
    }

    @Override
    public String name() {
        return "postgres";
    }

    @Override
    public String address() {
        return host + ":" + port;
    }

    @Override
    public void close() {
        if (postgres == null) {
            return;
        }
        try {
            postgres.close();
        } catch (IOException e) {
            log.warn("PostgreSQL did not stop cleanly", e);
        }
    }
}
