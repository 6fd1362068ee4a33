package org.projectchat.embedded;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One of the harness's servers (Kafka, S3) in a JVM of its own, started from this JVM's classpath: its CPU is told
 * apart from everyone else's, and it can be killed with {@code kill -9} and started again on the same port with the
 * same data, as a broker that dies under load would be. It stops when this JVM closes its standard input, or dies.
 */
public final class ServerProcess implements AutoCloseable {

    private static final String READY = "READY ";

    private final Server server;
    private final Path dataDir;
    private final int port;
    private final Path log;
    private final List<String> jvmOptions;
    private Process process;

    private ServerProcess(Server server, Path dataDir, int port, Path log, List<String> jvmOptions) {
        this.server = server;
        this.dataDir = dataDir;
        this.port = port;
        this.log = log;
        this.jvmOptions = List.copyOf(jvmOptions);
    }

    /** In the server's JVM: {@code server dataDir port}; says {@code READY <port>} once it answers. */
    public static void main(String[] args) throws IOException {
        Server server = Server.valueOf(args[0]);
        Path dir = Path.of(args[1]);
        int port = Integer.parseInt(args[2]);
        try (EmbeddedServer started = switch (server) {
            case KAFKA -> EmbeddedKafka.start(dir, port);
            case S3 -> EmbeddedS3.start(dir, port);
            case ELASTICSEARCH -> EmbeddedElasticsearch.start(dir, port, java.util.List.of());
            default -> throw new IllegalArgumentException(server + " does not run in a process of its own here");
        }) {
            System.out.println(READY + port);
            System.out.flush();
            while (System.in.read() >= 0) {
                // until the parent closes the pipe
            }
        }
        System.exit(0);
    }

    /**
     * Starts the server and waits until it answers.
     *
     * @param port       0 for a free one; kept across {@link #restart()}
     * @param jvmOptions e.g. a heap size
     */
    public static ServerProcess start(Server server, Path dataDir, int port, Path log, String... jvmOptions) {
        ServerProcess started = new ServerProcess(server, dataDir.toAbsolutePath(), Ports.orFree(port), log, List.of(jvmOptions));
        started.launch();
        return started;
    }

    private void launch() {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        // this JVM's options (its logging set-up among them), with the heap given instead of this one's, and without
        // this one's agents and flight recording (a recording of the parent's would be overwritten by the child's)
        ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> !a.startsWith("-Xmx") && !a.startsWith("-agent") && !a.startsWith("-javaagent")
                        && !a.startsWith("-XX:StartFlightRecording") && !a.startsWith("-XX:FlightRecorderOptions"))
                .forEach(command::add);
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), ServerProcess.class.getName(), server.name(),
                dataDir.toString(), Integer.toString(port)));
        try {
            Files.createDirectories(log.getParent());
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        CompletableFuture<Void> ready = new CompletableFuture<>();
        Process started = process;
        Thread.ofPlatform().name(server.name().toLowerCase() + "-process-log").daemon().start(() -> {
            try (var out = new BufferedReader(new InputStreamReader(started.getInputStream(), StandardCharsets.UTF_8));
                 var file = new PrintWriter(Files.newBufferedWriter(log, StandardOpenOption.CREATE, StandardOpenOption.APPEND))) {
                String line;
                while ((line = out.readLine()) != null) {
                    file.println(line);
                    file.flush();
                    if (line.startsWith(READY)) {
                        ready.complete(null);
                    }
                }
            } catch (IOException ignored) {
                // the process went away
            }
            // no-op once ready: the output ends when the process is stopped
            ready.completeExceptionally(new IllegalStateException(server + " stopped before it was ready; see " + log));
        });
        try {
            ready.get(120, TimeUnit.SECONDS);
        } catch (Exception e) {
            process.destroyForcibly();
            throw new IllegalStateException(server + " did not start in its own process; see " + log, e);
        }
    }

    public int port() {
        return port;
    }

    /** Where clients connect: Kafka's bootstrap servers, the S3 endpoint. */
    public String address() {
        return switch (server) {
            case KAFKA -> "127.0.0.1:" + port;
            case S3, ELASTICSEARCH -> "http://127.0.0.1:" + port;
            default -> throw new IllegalStateException(server.name());
        };
    }

    public ProcessHandle handle() {
        return process.toHandle();
    }

    /** {@code kill -9}: no shutdown hook, nothing flushed that was not flushed already. */
    public void kill() {
        process.toHandle().destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Starts it again, after {@link #kill()} or {@link #close()}, on the same port with the same data. */
    public void restart() {
        if (process.isAlive()) {
            close();
        }
        launch();
    }

    @Override
    public void close() {
        try {
            process.getOutputStream().close();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (IOException | InterruptedException e) {
            process.destroyForcibly();
        }
    }
}
