package org.projectchat.dev;

import org.projectchat.embedded.EmbeddedStack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A service's Spring Boot jar in the extracted layout ({@code java -Djarmode=tools -jar app.jar extract}): the
 * application's own jar with its libraries beside it in {@code lib/}, run with {@code java -jar} on the JDK's class
 * loader. The images run the same layout (deploy/Dockerfile).
 * <p>
 * Not the fat jar: there Spring Boot's class loader reads classes and resources through one lock per nested jar, and a
 * virtual thread reading a static file can hold that lock while unmounted, as the class loads that wait for it pin
 * every carrier; the process then stops serving for good (spring-projects/spring-boot#51463). Seen in the web-gateway
 * of a CI run (stop 57); with 30 concurrent first requests at its start, 4 of 80 starts from the fat jar hung, and none
 * of 120 from this layout (stop 58).
 * <p>
 * Each version of a jar (its size and time) is extracted once, into {@code target/extracted/}, under a file lock so
 * that launchers started together share it; older extractions of the same jar are removed once nothing runs them.
 */
final class ExtractedJar {

    private ExtractedJar() {
    }

    /**
     * The jar to run with {@code java -jar}, extracting {@code bootJar} first unless this version already is.
     * Synchronized as well as file-locked: a second lock of the same file in one JVM would throw rather than wait.
     */
    static synchronized Path of(Path bootJar) throws IOException {
        String name = bootJar.getFileName().toString().replaceFirst("\\.jar$", "");
        Path home = bootJar.toAbsolutePath().getParent().resolve("extracted");
        Files.createDirectories(home);
        String version = Files.size(bootJar) + "-" + Files.getLastModifiedTime(bootJar).toMillis();
        Path destination = home.resolve(name + "-" + version);
        Path application = destination.resolve(name + ".jar");
        try (FileChannel channel = FileChannel.open(home.resolve(name + ".lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
             FileLock ignored = channel.lock()) {
            if (!Files.exists(application)) {
                Path partial = home.resolve(name + ".partial");
                EmbeddedStack.deleteRecursively(partial);
                extract(bootJar, partial);
                EmbeddedStack.deleteRecursively(destination); // what is left of one broken by hand
                Files.move(partial, destination, StandardCopyOption.ATOMIC_MOVE);
                removeOtherVersions(home, name, destination);
            }
        }
        return application;
    }

    private static void extract(Path bootJar, Path destination) throws IOException {
        List<String> command = List.of(ServiceProcess.JAVA, "-Djarmode=tools",
                "-jar", bootJar.toAbsolutePath().toString(), "extract", "--destination", destination.toString());
        Path log = destination.resolveSibling(destination.getFileName() + ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            if (!process.waitFor(2, TimeUnit.MINUTES) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IOException("extracting " + bootJar + " failed: " + Files.readString(log));
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while extracting " + bootJar, e);
        }
    }

    /**
     * Removes the older versions that no process runs from (a {@code ./dev.sh} still running while the tests start the
     * system from a newer build keeps its own: its supervisor restarts a service from it). Best effort.
     */
    private static void removeOtherVersions(Path home, String name, Path current) throws IOException {
        List<String> running = ProcessHandle.allProcesses().map(p -> p.info().commandLine().orElse("")).toList();
        try (Stream<Path> versions = Files.list(home)) {
            versions.filter(Files::isDirectory)
                    .filter(p -> p.getFileName().toString().startsWith(name + "-") && !p.equals(current))
                    .filter(p -> running.stream().noneMatch(command -> command.contains(p + "/")))
                    .forEach(p -> {
                        try {
                            EmbeddedStack.deleteRecursively(p);
                        } catch (UncheckedIOException e) {
                            // left for mvn clean
                        }
                    });
        }
    }
}
