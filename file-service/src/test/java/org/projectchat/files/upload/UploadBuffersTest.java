package org.projectchat.files.upload;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.projectchat.files.FilesProperties;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** Where an upload is held while it is checked: memory when small and within the budget, disk otherwise. */
class UploadBuffersTest {

    static final int MAX = 1024 * 1024;
    static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");

    @TempDir
    Path spool;

    UploadBuffers buffers(long budget) throws Exception {
        return new UploadBuffers(new FilesProperties(null, null, null, null, null, null, null, spool.toString(), (long) MAX, budget, null, null, null),
                Clock.fixed(NOW, ZoneOffset.UTC));
    }

    static byte[] bytes(int size) {
        byte[] out = new byte[size];
        new Random(size).nextBytes(out);
        return out;
    }

    /** Reads the head the way FileUploads does, then hands the rest over. */
    static UploadBuffers.Received receive(UploadBuffers buffers, byte[] content, long expected) throws Exception {
        InputStream in = new ByteArrayInputStream(content);
        byte[] head = in.readNBytes(FileTypes.HEAD_BYTES);
        return buffers.receive(head, in, expected);
    }

    static byte[] contentOf(UploadBuffers.Received received) throws Exception {
        try (var in = received.open()) {
            return in.readAllBytes();
        }
    }

    long spooledFiles() throws Exception {
        try (var files = Files.list(spool)) {
            return files.count();
        }
    }

    @Test
    void smallFilesStayInMemoryWhetherOrNotTheirSizeWasAnnounced() throws Exception {
        var buffers = buffers(8L * MAX);
        for (int size : new int[]{1, FileTypes.HEAD_BYTES - 1, FileTypes.HEAD_BYTES, 300_000, MAX}) {
            byte[] content = bytes(size);
            for (long expected : new long[]{-1, size + 200L}) {
                try (var received = receive(buffers, content, expected)) {
                    assertThat(received).as(size + " bytes, announced " + expected).isInstanceOf(UploadBuffers.InMemory.class);
                    assertThat(received.size()).isEqualTo(size);
                    assertThat(contentOf(received)).isEqualTo(content);
                }
            }
        }
        assertThat(spooledFiles()).isZero();
    }

    @Test
    void biggerFilesAndFilesLongerThanAnnouncedAreSpooledAndRemovedWhenClosed() throws Exception {
        var buffers = buffers(8L * MAX);
        byte[] big = bytes(MAX + 1);
        for (long expected : new long[]{-1, big.length, 100_000}) {
            try (var received = receive(buffers, big, expected)) {
                assertThat(received).as("announced " + expected).isInstanceOf(UploadBuffers.Spooled.class);
                assertThat(received.size()).isEqualTo(big.length);
                assertThat(contentOf(received)).isEqualTo(big);
                assertThat(spooledFiles()).isEqualTo(1);
            }
            assertThat(spooledFiles()).isZero();
        }
    }

    @Test
    void pastTheMemoryBudgetUploadsSpoolUntilMemoryIsFreedAgain() throws Exception {
        var buffers = buffers(2L * MAX);
        byte[] content = bytes(MAX - 1000);
        var first = receive(buffers, content, MAX);
        var second = receive(buffers, content, MAX);
        var third = receive(buffers, content, MAX);
        assertThat(first).isInstanceOf(UploadBuffers.InMemory.class);
        assertThat(second).isInstanceOf(UploadBuffers.InMemory.class);
        assertThat(third).isInstanceOf(UploadBuffers.Spooled.class);
        assertThat(Arrays.equals(contentOf(third), content)).isTrue();
        first.close();
        third.close();
        try (var fourth = receive(buffers, content, MAX)) {
            assertThat(fourth).isInstanceOf(UploadBuffers.InMemory.class);
        }
        second.close();
        // everything was given back: the whole budget holds two again
        try (var a = receive(buffers, content, MAX); var b = receive(buffers, content, MAX)) {
            assertThat(a).isInstanceOf(UploadBuffers.InMemory.class);
            assertThat(b).isInstanceOf(UploadBuffers.InMemory.class);
        }
    }

    @Test
    void spoolFilesLeftByADeadProcessAreSweptAndLiveOnesAreNot() throws Exception {
        UploadBuffers buffers = buffers(8L * MAX);
        // what a process killed mid-upload leaves: untouched for longer than the sweep allows (15 minutes)
        Path abandoned = Files.write(spool.resolve("upload-" + java.util.UUID.randomUUID() + ".bin"), bytes(1000));
        Files.setLastModifiedTime(abandoned, FileTime.from(NOW.minus(16, ChronoUnit.MINUTES)));
        Path notOurs = Files.write(spool.resolve("someone-else.bin"), bytes(10));
        Files.setLastModifiedTime(notOurs, FileTime.from(NOW.minus(1, ChronoUnit.DAYS)));
        try (var live = receive(buffers, bytes(2 * MAX), 2L * MAX)) { // spooled: bigger than memory allows
            Files.setLastModifiedTime(((UploadBuffers.Spooled) live).file(), FileTime.from(NOW.minus(1, ChronoUnit.MINUTES)));

            assertThat(buffers.sweepSpool()).isEqualTo(1);

            assertThat(abandoned).doesNotExist();
            assertThat(notOurs).exists();
            assertThat(contentOf(live)).isEqualTo(bytes(2 * MAX));
        }
    }
}
