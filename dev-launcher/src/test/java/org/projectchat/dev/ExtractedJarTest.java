package org.projectchat.dev;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import java.util.jar.Attributes;
import java.util.jar.JarFile;

import static org.assertj.core.api.Assertions.assertThat;

class ExtractedJarTest {

    /** Built before this module (a provided dependency of it). */
    private static final Path CHAT_SERVICE = Path.of("../chat-service/target/chat-service-0.1.0-SNAPSHOT.jar");

    @Test
    void aServiceRunsFromItsApplicationJarWithEveryLibraryBesideIt(@TempDir Path target) throws Exception {
        Path bootJar = Files.copy(CHAT_SERVICE, target.resolve(CHAT_SERVICE.getFileName()));

        Path application = ExtractedJar.of(bootJar);

        try (JarFile jar = new JarFile(application.toFile())) {
            Attributes manifest = jar.getManifest().getMainAttributes();
            assertThat(manifest.getValue("Main-Class")).isEqualTo("org.projectchat.chat.ChatServiceApplication");
            String[] classPath = manifest.getValue("Class-Path").split(" ");
            assertThat(classPath).hasSizeGreaterThan(50);
            assertThat(Arrays.stream(classPath).map(application.getParent()::resolve)).allMatch(Files::isRegularFile);
            assertThat(jar.getEntry("org/projectchat/chat/ChatServiceApplication.class")).isNotNull();
        }
    }

    @Test
    void eachVersionOfAJarIsExtractedOnceAndReplacesTheOneBefore(@TempDir Path target) throws Exception {
        Path bootJar = Files.copy(CHAT_SERVICE, target.resolve(CHAT_SERVICE.getFileName()));
        Path first = ExtractedJar.of(bootJar);
        Object extraction = Files.readAttributes(first.getParent(), "unix:ino").get("ino");

        assertThat(ExtractedJar.of(bootJar)).isEqualTo(first);
        assertThat(Files.readAttributes(first.getParent(), "unix:ino").get("ino")).isEqualTo(extraction);

        Files.setLastModifiedTime(bootJar, FileTime.fromMillis(Files.getLastModifiedTime(bootJar).toMillis() + 60_000));
        Path rebuilt = ExtractedJar.of(bootJar);
        assertThat(rebuilt).isNotEqualTo(first).isRegularFile();
        assertThat(first.getParent()).doesNotExist();
        try (var extractions = Files.list(target.resolve("extracted"))) {
            assertThat(extractions.filter(Files::isDirectory)).containsExactly(rebuilt.getParent());
        }
    }

    @Test
    void anExtractionAProcessRunsFromIsKeptUntilItEnds(@TempDir Path target) throws Exception {
        Path bootJar = Files.copy(CHAT_SERVICE, target.resolve(CHAT_SERVICE.getFileName()));
        Path running = ExtractedJar.of(bootJar);
        // a process whose command line names that jar, as a service's does
        Process service = new ProcessBuilder("sh", "-c", "sleep 60", running.toString()).start();
        try {
            Files.setLastModifiedTime(bootJar, FileTime.fromMillis(Files.getLastModifiedTime(bootJar).toMillis() + 60_000));
            Path rebuilt = ExtractedJar.of(bootJar);
            assertThat(rebuilt).isNotEqualTo(running);
            assertThat(running).as("the running one's jar").isRegularFile();
        } finally {
            service.destroyForcibly().waitFor();
        }
        Files.setLastModifiedTime(bootJar, FileTime.fromMillis(Files.getLastModifiedTime(bootJar).toMillis() + 60_000));
        Path latest = ExtractedJar.of(bootJar);
        try (var extractions = Files.list(target.resolve("extracted"))) {
            assertThat(extractions.filter(Files::isDirectory)).containsExactly(latest.getParent());
        }
    }
}
