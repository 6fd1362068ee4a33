package org.projectchat.dev;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One service run as its own JVM from its production jar (in the extracted layout the images run: {@link ExtractedJar}),
 * configured only by server addresses, and supervised as a process supervisor would: if it dies (a crash, a
 * {@code kill -9}) it is started again after a back-off (1 s, doubling to 30 s while it keeps dying soon after
 * starting) with a log line, so a crash in dev mode is never a silent half-stack.
 */
public final class ServiceProcess implements AutoCloseable {

    /** JVM options for dev mode: a small heap and quick start-up over peak speed. */
    public static final List<String> DEV_JVM = List.of("-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");
    /** The launcher's own java: it runs the services, and extracts their jars ({@link ExtractedJar}). */
    static final String JAVA = ProcessHandle.current().info().command().orElse("java");
    private static final Duration FIRST_BACK_OFF = Duration.ofSeconds(1);
    private static final Duration LONGEST_BACK_OFF = Duration.ofSeconds(30);
    private static final Duration STABLE = Duration.ofMinutes(1);

    private final String name;
    private final int port;
    private final List<String> command;
    private final Path log;
    private final boolean supervised;
    private volatile Process process;
    private volatile boolean closing;
    private volatile int restarts;

    private ServiceProcess(String name, int port, List<String> command, Path log, boolean supervised) {
        this.name = name;
        this.port = port;
        this.command = List.copyOf(command);
        this.log = log;
        this.supervised = supervised;
    }

    public static ServiceProcess start(String name, Path jar, int port, Map<String, String> properties, Path logDir) throws IOException {
        return start(name, jar, port, properties, logDir, DEV_JVM, true);
    }

    /** @param supervised restart it when it dies (not for benchmarks, which measure one process) */
    public static ServiceProcess start(String name, Path jar, int port, Map<String, String> properties, Path logDir,
                                       List<String> jvmOptions, boolean supervised) throws IOException {
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: build first (./mvnw -DskipTests install)");
        }
        Files.createDirectories(logDir);
        List<String> command = new ArrayList<>();
        command.add(JAVA);
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", ExtractedJar.of(jar).toString(), "--server.port=" + port));
        properties.forEach((k, v) -> command.add("--" + k + "=" + v));
        ServiceProcess service = new ServiceProcess(name, port, command, logDir.resolve(name + ".log"), supervised);
        service.launch();
        if (supervised) {
            Thread.ofPlatform().name(name + "-supervisor").daemon().start(service::supervise);
        }
        return service;
    }

    private void launch() throws IOException {
        process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    }

    /** Waits for the process to exit; unless it was asked to stop, starts it again after a back-off. */
    private void supervise() {
        Duration backOff = FIRST_BACK_OFF;
        while (!closing) {
            Process watched = process;
            Instant started = watched.info().startInstant().orElse(Instant.now());
            try {
                int code = watched.waitFor();
                if (closing) {
                    return;
                }
                if (Duration.between(started, Instant.now()).compareTo(STABLE) > 0) {
                    backOff = FIRST_BACK_OFF;
                }
                System.out.printf("%s exited with code %d; starting it again in %d s (log %s)%n", name, code,
                        backOff.toSeconds(), log);
                Thread.sleep(backOff.toMillis());
                synchronized (this) { // a service started as the launcher stops would outlive it
                    if (closing) {
                        return;
                    }
                    launch();
                }
                restarts++;
                backOff = backOff.multipliedBy(2).compareTo(LONGEST_BACK_OFF) > 0 ? LONGEST_BACK_OFF : backOff.multipliedBy(2);
            } catch (InterruptedException e) {
                return;
            } catch (IOException e) {
                System.out.printf("%s could not be started again: %s%n", name, e);
                return;
            }
        }
    }

    public String name() {
        return name;
    }

    public int port() {
        return port;
    }

    /** The process running now (another one after a restart). */
    public long pid() {
        return process.pid();
    }

    /** How often the supervisor started it again. */
    public int restarts() {
        return restarts;
    }

    public String url() {
        return "http://localhost:" + port;
    }

    public Path log() {
        return log;
    }

    /** {@code kill -9}, as a crash would: a supervised service comes back by itself. */
    public void kill() {
        process.toHandle().destroyForcibly();
    }

    /** Waits until the service's readiness probe answers 200. */
    public void awaitReady(Duration timeout) throws InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive() && !supervised) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + "; see " + log);
            }
            try {
                var response = http.send(HttpRequest.newBuilder(URI.create(url() + "/actuator/health/readiness")).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException(name + " not ready after " + timeout.toSeconds() + " s; see " + log);
    }

    /**
     * From now on an exit is final. A Ctrl-C reaches the services as well as the launcher, and they exit while the
     * launcher stops the others one by one: that is not a crash to recover from.
     */
    public synchronized void stopSupervising() {
        closing = true;
    }

    @Override
    public void close() {
        Process p;
        synchronized (this) {
            closing = true;
            p = process;
        }
        p.destroy(); // SIGTERM: Spring's graceful shutdown
        try {
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
