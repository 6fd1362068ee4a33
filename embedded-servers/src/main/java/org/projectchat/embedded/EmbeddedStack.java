package org.projectchat.embedded;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * A set of real servers started together. Dev mode uses fixed ports and keeps data under one
 * folder across restarts; test mode uses free ports and starts from empty data. In dev mode only
 * {@link #close()} stops PostgreSQL, so the launcher can stop the services first.
 */
public final class EmbeddedStack implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedStack.class);

    public enum Mode { DEV, TEST }

    private final Path dataDir;
    private final Mode mode;
    private final boolean containers;
    private final Map<Server, EmbeddedServer> running = Collections.synchronizedMap(new EnumMap<>(Server.class));
    private final Map<Server, Integer> ports = Collections.synchronizedMap(new EnumMap<>(Server.class));
    /** In containers mode (tests with -Dstack=containers): the containers, running or paused, by server. */
    private final Map<Server, ServerContainers.Running> containerized = Collections.synchronizedMap(new EnumMap<>(Server.class));

    public EmbeddedStack(Path dataDir, Mode mode) {
        this(dataDir, mode, false);
    }

    private EmbeddedStack(Path dataDir, Mode mode, boolean containers) {
        this.dataDir = dataDir.toAbsolutePath();
        this.mode = mode;
        this.containers = containers;
    }

    /**
     * The stack of a test JVM: embedded servers, or Kafka, PostgreSQL and S3 from their official images when the tests
     * run with {@code -Dstack=containers} (skipped, saying why, where no Docker engine answers).
     */
    public static EmbeddedStack forTests(Path dataDir) {
        return new EmbeddedStack(dataDir, Mode.TEST, ServerContainers.wanted());
    }

    /** How long {@link #start} waits for its servers: embedded ones start in well under a minute, images may be pulled. */
    static final Duration START_DEADLINE = Duration.ofMinutes(5);
    static final Duration START_DEADLINE_IN_CONTAINERS = Duration.ofMinutes(15);

    /**
     * Starts the given servers that are not running yet, in parallel; waits for all of them, but not for ever: a server
     * that hangs while starting fails the start (naming it) instead of holding a test run until its CI limit.
     */
    public synchronized EmbeddedStack start(Set<Server> servers) {
        return start(servers, inContainers() ? START_DEADLINE_IN_CONTAINERS : START_DEADLINE);
    }

    synchronized EmbeddedStack start(Set<Server> servers, Duration deadline) {
        EnumSet<Server> missing = EnumSet.noneOf(Server.class);
        servers.stream().filter(s -> !running.containsKey(s)).forEach(missing::add);
        if (missing.isEmpty()) {
            return this;
        }
        if (inContainers() && missing.stream().anyMatch(ServerContainers.CONTAINERIZED::contains)) {
            ServerContainers.requireDocker();
        }
        long started = System.nanoTime();
        Map<Server, CompletableFuture<EmbeddedServer>> starting = new EnumMap<>(Server.class);
        for (Server server : missing) {
            starting.put(server, CompletableFuture.supplyAsync(() -> startOne(server)));
        }
        try {
            CompletableFuture.allOf(starting.values().toArray(CompletableFuture[]::new))
                    .get(deadline.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            List<Server> late = starting.entrySet().stream().filter(s -> !s.getValue().isDone()).map(Map.Entry::getKey).toList();
            abandon(starting);
            throw new IllegalStateException(late + " did not start within " + deadline + "; see the logs under " + dataDir);
        } catch (ExecutionException e) {
            abandon(starting);
            throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            abandon(starting);
            throw new IllegalStateException("interrupted while starting " + missing, e);
        }
        starting.forEach((server, future) -> running.put(server, future.join()));
        log.info("Started {} in {} ms", missing, (System.nanoTime() - started) / 1_000_000);
        return this;
    }

    /**
     * After a failed start: stops those that started (now) and those still starting (once they are up), so none is left
     * running in this JVM, then whatever else the stack runs.
     */
    private void abandon(Map<Server, CompletableFuture<EmbeddedServer>> starting) {
        starting.values().forEach(f -> f.thenAccept(EmbeddedServer::close));
        close();
    }

    /** The port a server was last started on in this stack (null if never). */
    Integer lastPort(Server server) {
        return ports.get(server);
    }

    /** Whether Kafka, PostgreSQL and S3 come from their official images (tests run with -Dstack=containers). */
    public boolean inContainers() {
        return containers;
    }

    private EmbeddedServer startOne(Server server) {
        if (inContainers() && ServerContainers.CONTAINERIZED.contains(server)) {
            ServerContainers.Running paused = containerized.get(server);
            if (paused != null) {
                ServerContainers.resume(paused.container());
                return paused.server();
            }
            ServerContainers.Running container = ServerContainers.start(server);
            containerized.put(server, container);
            return container.server();
        }
        Integer earlier = ports.get(server);
        int port = earlier != null ? earlier : mode == Mode.DEV ? server.devPort() : 0;
        Path dir = dataDir.resolve(server.name().toLowerCase());
        if (mode == Mode.TEST && server != Server.POSTGRES && earlier == null) {
            deleteRecursively(dir);
        }
        EmbeddedServer started = switch (server) {
            case KAFKA -> EmbeddedKafka.start(dir, port);
            case POSTGRES -> { // a restart keeps the data
                boolean clean = mode == Mode.TEST && earlier == null;
                yield EmbeddedPostgresServer.start(dir, port, clean, !clean, mode == Mode.TEST);
            }
            case ELASTICSEARCH -> EmbeddedElasticsearch.start(dir, port, List.of());
            case S3 -> EmbeddedS3.start(dir, port);
            case SMTP -> EmbeddedSmtp.start(port);
        };
        ports.put(server, portOf(started));
        return started;
    }

    private static int portOf(EmbeddedServer server) {
        return switch (server) {
            case EmbeddedKafka k -> k.port();
            case EmbeddedPostgresServer p -> p.port();
            case EmbeddedElasticsearch e -> e.port();
            case EmbeddedS3 s -> s.port();
            case EmbeddedSmtp m -> m.port();
            default -> throw new IllegalArgumentException(server.name());
        };
    }

    /** Starts a stopped server again on the same port with the same data, as after an outage. */
    public synchronized void restart(Server server) {
        stop(server);
        start(EnumSet.of(server));
    }

    public boolean isRunning(Server server) {
        return running.containsKey(server);
    }

    public EmbeddedKafka kafka() {
        return get(Server.KAFKA, EmbeddedKafka.class);
    }

    public EmbeddedPostgresServer postgres() {
        return get(Server.POSTGRES, EmbeddedPostgresServer.class);
    }

    public EmbeddedElasticsearch elasticsearch() {
        return get(Server.ELASTICSEARCH, EmbeddedElasticsearch.class);
    }

    public EmbeddedS3 s3() {
        return get(Server.S3, EmbeddedS3.class);
    }

    public EmbeddedSmtp smtp() {
        return get(Server.SMTP, EmbeddedSmtp.class);
    }

    /** Stops one server, e.g. to test how a service behaves when it is gone; {@link #start} brings it back on its port. */
    public synchronized void stop(Server server) {
        EmbeddedServer s = running.remove(server);
        ServerContainers.Running container = containerized.get(server);
        if (s != null && container != null) {
            ServerContainers.pause(container.container());
        } else if (s != null) {
            s.close();
        }
    }

    private <T> T get(Server server, Class<T> type) {
        EmbeddedServer s = running.get(server);
        if (s == null) {
            throw new IllegalStateException(server + " is not started");
        }
        return type.cast(s);
    }

    public Map<Server, String> addresses() {
        Map<Server, String> addresses = new EnumMap<>(Server.class);
        running.forEach((k, v) -> addresses.put(k, v.address()));
        return addresses;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** Stops everything, the last started first. */
    @Override
    public synchronized void close() {
        List<Server> order = new ArrayList<>(running.keySet());
        order.sort(Comparator.reverseOrder());
        for (Server server : order) {
            try {
                running.remove(server).close();
            } catch (RuntimeException e) {
                log.warn("{} did not stop cleanly: {}", server, e.toString());
            }
        }
        containerized.values().forEach(c -> {
            try {
                c.container().stop();
            } catch (RuntimeException e) {
                log.warn("{} did not stop cleanly: {}", c.server().name(), e.toString());
            }
        });
        containerized.clear();
    }

    public static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
