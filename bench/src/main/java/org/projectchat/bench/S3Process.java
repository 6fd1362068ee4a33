package org.projectchat.bench;

import io.minio.BucketExistsArgs;
import io.minio.MinioClient;
import org.projectchat.embedded.EmbeddedS3;
import org.projectchat.embedded.Ports;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The S3 server in a JVM of its own, started from this benchmark's classpath: its CPU is told
 * apart from the load generator's and Kafka's, and it can be given a core of its own
 * ({@link Cores}). It stops when this JVM closes its standard input, or dies.
 */
final class S3Process implements AutoCloseable {

    private final Process process;
    private final String endpoint;

    private S3Process(Process process, String endpoint) {
        this.process = process;
        this.endpoint = endpoint;
    }

    /** In the S3 server's JVM: {@code dataDir port}. */
    public static void main(String[] args) throws IOException {
        try (EmbeddedS3 s3 = EmbeddedS3.start(Path.of(args[0]), Integer.parseInt(args[1]))) {
            while (System.in.read() >= 0) {
                // until the benchmark closes the pipe
            }
        }
        System.exit(0);
    }

    static S3Process start(Path dataDir, Path logDir) throws Exception {
        int port = Ports.free();
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        // this JVM's options (its logging set-up among them), with a heap of its own
        ManagementFactory.getRuntimeMXBean().getInputArguments().stream().filter(a -> !a.startsWith("-Xmx"))
                .forEach(command::add);
        command.addAll(List.of("-Xmx1g", "-cp", System.getProperty("java.class.path"), S3Process.class.getName(),
                dataDir.toString(), Integer.toString(port)));
        Files.createDirectories(logDir);
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logDir.resolve("s3.log").toFile())).start();
        S3Process s3 = new S3Process(process, "http://127.0.0.1:" + port);
        s3.awaitReady(Duration.ofSeconds(60), logDir);
        return s3;
    }

    private void awaitReady(Duration timeout, Path logDir) throws Exception {
        MinioClient client = MinioClient.builder().endpoint(endpoint)
                .credentials(EmbeddedS3.ACCESS_KEY, EmbeddedS3.SECRET_KEY).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the S3 server exited with " + process.exitValue() + "; see " + logDir);
            }
            try {
                client.bucketExists(BucketExistsArgs.builder().bucket("readiness").build());
                return;
            } catch (Exception notYet) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the S3 server did not answer in " + timeout.toSeconds() + " s; see " + logDir);
                }
                Thread.sleep(100);
            }
        }
    }

    String endpoint() {
        return endpoint;
    }

    ProcessHandle handle() {
        return process.toHandle();
    }

    @Override
    public void close() throws Exception {
        process.getOutputStream().close();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
