package org.projectchat.files.storage;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class ContentDigestTest {

    private static final byte[] ABC = "abc".getBytes(StandardCharsets.US_ASCII);
    /** FIPS 180-2's example, and the CRC32 of the same bytes (0x352441c2), base64. */
    private static final String ABC_SHA256 = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
    private static final String ABC_CRC32 = "NSRBwg==";

    @Test
    void aPutCarriesTheSha256AsItsSignedPayloadHashAndACrc32AsItsChecksum() {
        var headers = ContentDigest.of(ABC).headers();
        assertThat(headers.getFirst("X-Amz-Content-Sha256")).isEqualTo(ABC_SHA256);
        // a checksum of our own, so the client does not send the SHA-256 again as one for storage to compute twice
        assertThat(headers.getFirst("x-amz-checksum-crc32")).isEqualTo(ABC_CRC32);
        assertThat(headers.namePrefixAny("x-amz-checksum-sha256")).isFalse();
    }

    @Test
    void bytesReadOneByOneInBulkOrSkippedAreAllDigested() throws Exception {
        ContentDigest digest = new ContentDigest();
        try (InputStream in = digest.reading(new ByteArrayInputStream(ABC))) {
            assertThat(in.read()).isEqualTo('a');
            assertThat(in.skip(1)).isEqualTo(1);
            assertThat(in.read(new byte[8], 0, 8)).isEqualTo(1);
        }
        assertThat(digest.sha256Hex()).isEqualTo(ABC_SHA256);
        assertThat(digest.headers().getFirst("x-amz-checksum-crc32")).isEqualTo(ABC_CRC32);
    }
}
