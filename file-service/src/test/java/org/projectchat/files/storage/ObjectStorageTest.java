package org.projectchat.files.storage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.projectchat.files.FileServiceTest;
import org.springframework.beans.factory.annotation.Autowired;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What storage itself checks, on the real S3 server. */
class ObjectStorageTest extends FileServiceTest {

    @Autowired
    ObjectStorage storage;

    /** How a caller hands storage its bytes: from memory, or from a spooled file. */
    interface Put {
        void put(String key, byte[] content, ContentDigest digest) throws Exception;
    }

    @TempDir
    Path spool;

    @Test
    void storageKeepsBytesFromMemoryOnlyWhenTheyMatchTheHashTheyAreAnnouncedWith() throws Exception {
        keepsOnlyMatchingBytes((key, content, digest) -> storage.put(key, content, content.length, "text/plain", digest));
    }

    @Test
    void storageKeepsBytesFromAFileOnlyWhenTheyMatchTheHashTheyAreAnnouncedWith() throws Exception {
        keepsOnlyMatchingBytes((key, content, digest) -> {
            Path file = Files.write(spool.resolve(UUID.randomUUID() + ".bin"), content);
            storage.put(key, file, content.length, "text/plain", digest);
        });
    }

    private void keepsOnlyMatchingBytes(Put put) throws Exception {
        // over 5 MiB: one request where the client's own put would have made a multipart upload
        byte[] content = "the bytes as received\n".repeat(300_000).getBytes();
        ContentDigest digest = ContentDigest.of(content);
        String key = "files/test-" + UUID.randomUUID();
        put.put(key, content, digest);
        try (var in = storage.get(key)) {
            assertThat(in.readAllBytes()).isEqualTo(content);
        }

        byte[] corrupted = content.clone();
        corrupted[6_000_000] ^= 1; // one bit flipped between hashing and sending
        String other = "files/test-" + UUID.randomUUID();
        assertThatThrownBy(() -> put.put(other, corrupted, digest)).isInstanceOf(ObjectStorage.StorageUnavailable.class);
        assertThatThrownBy(() -> storage.get(other).close()).isInstanceOf(ObjectStorage.StorageUnavailable.class);
    }
}
