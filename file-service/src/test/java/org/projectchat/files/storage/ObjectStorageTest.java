package org.projectchat.files.storage;

import org.junit.jupiter.api.Test;
import org.projectchat.files.FileServiceTest;
import org.springframework.beans.factory.annotation.Autowired;

import java.security.MessageDigest;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What storage itself checks, on the real S3 server. */
class ObjectStorageTest extends FileServiceTest {

    @Autowired
    ObjectStorage storage;

    @Test
    void storageKeepsBytesOnlyWhenTheyMatchTheHashTheyAreAnnouncedWith() throws Exception {
        byte[] content = "the bytes as received\n".repeat(1000).getBytes();
        byte[] sha256 = MessageDigest.getInstance("SHA-256").digest(content);
        String key = "files/test-" + UUID.randomUUID();
        storage.put(key, content, content.length, "text/plain", sha256);
        try (var in = storage.get(key)) {
            assertThat(in.readAllBytes()).isEqualTo(content);
        }

        byte[] corrupted = content.clone();
        corrupted[100] ^= 1; // one bit flipped between hashing and sending
        String other = "files/test-" + UUID.randomUUID();
        assertThatThrownBy(() -> storage.put(other, corrupted, corrupted.length, "text/plain", sha256))
                .isInstanceOf(ObjectStorage.StorageUnavailable.class);
        assertThatThrownBy(() -> storage.get(other).close()).isInstanceOf(ObjectStorage.StorageUnavailable.class);
    }
}
