package org.projectchat.files.upload;

import org.apache.tika.io.TikaInputStream;
import org.projectchat.files.FilesProperties;
import org.projectchat.files.storage.ContentDigest;
import org.projectchat.files.storage.ObjectStorage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.UUID;
import java.util.concurrent.Semaphore;

/**
 * Holds an upload while it is judged and stored: in memory when it is small and the memory budget
 * shared by all uploads allows (most files; they never touch the disk), otherwise spooled to the
 * upload folder. The budget bounds the heap however many uploads arrive at once: past it, uploads
 * spool.
 */
@Component
class UploadBuffers {

    private static final Logger log = LoggerFactory.getLogger(UploadBuffers.class);
    private static final String SPOOL_PREFIX = "upload-";

    private final Path spoolDir;
    private final int inMemoryMax;
    /** Free bytes of the budget, in KiB. */
    private final Semaphore budget;
    private final Duration sweepAfter;
    private final Clock clock;

    UploadBuffers(FilesProperties properties, Clock clock) throws IOException {
        this.spoolDir = Files.createDirectories(Path.of(properties.uploadDir()));
        this.inMemoryMax = Math.toIntExact(properties.inMemoryMaxBytes());
        this.budget = new Semaphore(Math.toIntExact(properties.inMemoryBudgetBytes() / 1024));
        this.sweepAfter = properties.sweepAfter();
        this.clock = clock;
    }

    /**
     * Removes spool files left by a process that died while receiving or storing them (a live upload
     * removes its own, however it ends); one untouched for longer than an upload may take is
     * abandoned. Returns how many were removed.
     */
    @Scheduled(fixedDelayString = "${files.sweep-interval:60s}", initialDelayString = "${files.sweep-interval:60s}")
    int sweepSpool() throws IOException {
        FileTime before = FileTime.from(clock.instant().minus(sweepAfter));
        int removed = 0;
        try (DirectoryStream<Path> spooled = Files.newDirectoryStream(spoolDir, SPOOL_PREFIX + "*.bin")) {
            for (Path file : spooled) {
                try {
                    if (Files.getLastModifiedTime(file).compareTo(before) < 0 && Files.deleteIfExists(file)) {
                        removed++;
                    }
                } catch (NoSuchFileException gone) {
                    // removed by its upload meanwhile
                }
            }
        }
        if (removed > 0) {
            log.info("Removed {} abandoned upload spool files from {}", removed, spoolDir);
        }
        return removed;
    }

    /**
     * Takes in the rest of an upload whose head was read already. {@code expectedBytes} is what the
     * request announced (an upper bound of the file's size), or -1.
     */
    Received receive(byte[] head, InputStream rest, long expectedBytes) throws IOException {
        if (head.length < FileTypes.HEAD_BYTES) {
            return new InMemory(head, head.length, 0, budget); // the head is the whole file
        }
        // what was announced includes the multipart framing: a file of in-memory-max bytes still fits
        boolean mayFit = expectedBytes < 0 || expectedBytes <= inMemoryMax + FilePart.FRAMING_BYTES;
        long capacity = Math.max(head.length, expectedBytes < 0 ? 256 * 1024 : Math.min(expectedBytes, inMemoryMax));
        if (mayFit && budget.tryAcquire(kib(capacity))) {
            int reserved = kib(capacity);
            byte[] bytes = Arrays.copyOf(head, (int) capacity);
            int length = head.length;
            while (true) {
                int n = rest.readNBytes(bytes, length, bytes.length - length);
                length += n;
                if (length < bytes.length) {
                    return new InMemory(bytes, length, reserved, budget);
                }
                int more = rest.read();
                if (more < 0) {
                    return new InMemory(bytes, length, reserved, budget);
                }
                // it goes on past what was announced or allocated: grow within the limits, or spill to disk
                long grown = Math.min((long) bytes.length * 2, inMemoryMax);
                if (grown <= bytes.length || !budget.tryAcquire(kib(grown) - reserved)) {
                    budget.release(reserved);
                    return spool(bytes, length, more, rest);
                }
                reserved = kib(grown);
                bytes = Arrays.copyOf(bytes, (int) grown);
                bytes[length++] = (byte) more;
            }
        }
        return spool(head, head.length, -1, rest);
    }

    private Received spool(byte[] received, int length, int next, InputStream rest) throws IOException {
        Path file = spoolDir.resolve(SPOOL_PREFIX + UUID.randomUUID() + ".bin");
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(received, 0, length);
            if (next >= 0) {
                out.write(next);
            }
            rest.transferTo(out);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(file);
            throw e;
        }
        return new Spooled(file, Files.size(file));
    }

    private static int kib(long bytes) {
        return Math.toIntExact((bytes + 1023) / 1024);
    }

    /** An upload's bytes, all received; closing frees them. */
    sealed interface Received extends AutoCloseable permits InMemory, Spooled {
        long size();

        /** The whole file for Tika's container detectors. */
        TikaInputStream open() throws IOException;

        /** Puts the bytes in storage, verified against the digest the caller made of them as they arrived. */
        void storeIn(ObjectStorage storage, String key, String contentType, ContentDigest digest) throws IOException;

        @Override
        void close() throws IOException;
    }

    record InMemory(byte[] bytes, int length, int reservedKiB, Semaphore budget) implements Received {
        @Override
        public long size() {
            return length;
        }

        @Override
        public TikaInputStream open() {
            return TikaInputStream.get(length == bytes.length ? bytes : Arrays.copyOf(bytes, length));
        }

        @Override
        public void storeIn(ObjectStorage storage, String key, String contentType, ContentDigest digest) {
            storage.put(key, bytes, length, contentType, digest);
        }

        @Override
        public void close() {
            budget.release(reservedKiB);
        }
    }

    record Spooled(Path file, long size) implements Received {
        @Override
        public TikaInputStream open() throws IOException {
            return TikaInputStream.get(file);
        }

        @Override
        public void storeIn(ObjectStorage storage, String key, String contentType, ContentDigest digest) {
            storage.put(key, file, size, contentType, digest);
        }

        @Override
        public void close() throws IOException {
            Files.deleteIfExists(file);
        }
    }
}
