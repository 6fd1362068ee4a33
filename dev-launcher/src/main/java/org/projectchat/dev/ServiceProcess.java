package org.projectchat.dev;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** One service run as its own JVM from its production jar, configured only by server addresses. */
public final class ServiceProcess implements AutoCloseable {

    private final String name;
    private final int port;
    private final Process process;
    private final Path log;

    private ServiceProcess(String name, int port, Process process, Path log) {
        this.name = name;
        this.port = port;
        this.process = process;
        this.log = log;
    }

    /** JVM options for dev mode: a small heap and quick start-up over peak speed. */
    public static final List<String> DEV_JVM = List.of("-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

    public static ServiceProcess start(String name, Path jar, int port, Map<String, String> properties, Path logDir) throws IOException {
        return start(name, jar, port, properties, logDir, DEV_JVM);
    }

    public static ServiceProcess start(String name, Path jar, int port, Map<String, String> properties, Path logDir,
                                       List<String> jvmOptions) throws IOException {
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: build first (./mvnw -DskipTests install)");
        }
        Files.createDirectories(logDir);
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", jar.toString(), "--server.port=" + port));
        properties.forEach((k, v) -> command.add("--" + k + "=" + v));
        Path log = logDir.resolve(name + ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        return new ServiceProcess(name, port, process, log);
    }

    String name() {
        return name;
    }

    int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    public String url() {
        return "http://localhost:" + port;
    }

    Path log() {
        return log;
    }

    /** Waits until the service's readiness probe answers 200. */
    public void awaitReady(Duration timeout) throws InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
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

    @Override
    public void close() {
        process.destroy(); // SIGTERM: Spring's graceful shutdown
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
