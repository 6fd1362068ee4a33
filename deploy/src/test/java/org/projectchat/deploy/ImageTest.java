package org.projectchat.deploy;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Dockerfile's steps, run without Docker on a real service jar: its extract command, its layer copies, and the jar
 * its entry point starts. The image must run the extracted layout on the JDK's class loader, not Spring Boot's
 * fat-jar loader, with which a virtual-thread service can hang for good while it still loads classes
 * (spring-projects/spring-boot#51463).
 */
class ImageTest {

    private static final Path DOCKERFILE = Chart.ROOT.resolve("deploy/Dockerfile");
    /** The service that hung that way (built before this module: a provided dependency of it). */
    private static final Path SERVICE_JAR = Chart.ROOT.resolve("web-gateway/target/web-gateway-0.1.0-SNAPSHOT.jar");
    private static final Pattern EXTRACT = Pattern.compile("^RUN (java -Djarmode=tools -jar app\\.jar extract .*)$", Pattern.MULTILINE);
    private static final Pattern LAYER = Pattern.compile("^COPY --from=extract /work/extracted/([a-z-]+)/ \\./$", Pattern.MULTILINE);
    private static final Pattern ENTRYPOINT = Pattern.compile("^ENTRYPOINT (\\[.*])$", Pattern.MULTILINE);

    @Test
    void theImageStartsTheApplicationJarWithEveryLibraryBesideIt(@TempDir Path work) throws Exception {
        String dockerfile = Files.readString(DOCKERFILE);
        Files.copy(SERVICE_JAR, work.resolve("app.jar"));

        Matcher extract = EXTRACT.matcher(dockerfile);
        assertThat(extract.find()).as("the Dockerfile extracts the jar").isTrue();
        List<String> command = new ArrayList<>(Arrays.asList(extract.group(1).split(" ")));
        command.set(0, ProcessHandle.current().info().command().orElse("java"));
        // the output goes to a file, so that the two-minute limit holds (reading a pipe to its end would wait for ever)
        Path log = work.resolve("extract.log");
        Process process = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(output).isZero();

        Path app = Files.createDirectory(work.resolve("app")); // WORKDIR /app
        Matcher layer = LAYER.matcher(dockerfile);
        int layers = 0;
        while (layer.find()) {
            copyTree(work.resolve("extracted").resolve(layer.group(1)), app);
            layers++;
        }
        assertThat(layers).as("a layer per rate of change").isGreaterThanOrEqualTo(3);

        Matcher entrypoint = ENTRYPOINT.matcher(dockerfile);
        assertThat(entrypoint.find()).isTrue();
        List<String> start = Arrays.asList(new ObjectMapper().readValue(entrypoint.group(1), String[].class));
        assertThat(start).containsExactly("java", "-jar", "app.jar");

        try (JarFile jar = new JarFile(app.resolve("app.jar").toFile())) {
            assertThat(jar.getEntry("BOOT-INF/")).as("not Spring Boot's fat jar").isNull();
            Attributes manifest = jar.getManifest().getMainAttributes();
            assertThat(manifest.getValue("Main-Class")).isEqualTo("org.projectchat.gateway.WebGatewayApplication");
            String[] classPath = manifest.getValue("Class-Path").split(" ");
            assertThat(classPath).hasSizeGreaterThan(50);
            assertThat(Arrays.stream(classPath).map(app::resolve)).allMatch(Files::isRegularFile);
        }
    }

    private static void copyTree(Path from, Path to) throws Exception {
        if (!Files.exists(from)) {
            return; // a layer with nothing in it (no snapshot libraries) is not created
        }
        try (Stream<Path> tree = Files.walk(from)) {
            for (Path p : tree.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }
}
