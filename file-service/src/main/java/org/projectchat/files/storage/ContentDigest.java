package org.projectchat.files.storage;

import io.minio.Checksum;
import io.minio.Http;

import java.io.InputStream;
import java.nio.ByteBuffer;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;

/**
 * What storage checks a put against, computed in one pass over the bytes as they arrive: their
 * SHA-256, sent as the signed payload hash (and the hash a file is announced with), and their
 * CRC32, sent as the put's checksum. Without a checksum of ours the MinIO client sends the
 * SHA-256 as one, and storage hashes every byte with SHA-256 twice: measured with S3Proxy, 0.5 ms
 * more per MB, a sixth of its whole cost of a put. A CRC32 is nearly free to compute and to verify.
 */
public final class ContentDigest {

    private final MessageDigest sha256;
    private final CRC32 crc32 = new CRC32();
    private byte[] sha256Sum;

    public ContentDigest() {
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static ContentDigest of(byte[] content) {
        ContentDigest digest = new ContentDigest();
        digest.update(content, 0, content.length);
        return digest;
    }

    /** The stream, with every byte read from it (or skipped) digested. */
    public InputStream reading(InputStream in) {
        // CheckedInputStream skips by reading, so skipped bytes go through the SHA-256 too
        return new CheckedInputStream(new DigestInputStream(in, sha256), crc32);
    }

    private void update(byte[] bytes, int offset, int length) {
        sha256.update(bytes, offset, length);
        crc32.update(bytes, offset, length);
    }

    /** The SHA-256 of all the bytes; none may follow. */
    private byte[] sha256() {
        if (sha256Sum == null) {
            sha256Sum = sha256.digest();
        }
        return sha256Sum;
    }

    /** The SHA-256 of all the bytes, in hex; none may follow. */
    public String sha256Hex() {
        return HexFormat.of().formatHex(sha256());
    }

    /** The headers that make storage verify the bytes it receives against these hashes. */
    Http.Headers headers() {
        Http.Headers headers = new Http.Headers();
        headers.put(Http.Headers.X_AMZ_CONTENT_SHA256, sha256Hex());
        headers.put(Checksum.Algorithm.CRC32.header(),
                Checksum.base64String(ByteBuffer.allocate(Integer.BYTES).putInt((int) crc32.getValue()).array()));
        return headers;
    }
}
