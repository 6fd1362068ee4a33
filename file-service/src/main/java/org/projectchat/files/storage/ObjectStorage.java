package org.projectchat.files.storage;

import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.GetPresignedObjectUrlArgs;
import io.minio.Http;
import io.minio.MakeBucketArgs;
import io.minio.MinioAsyncClient;
import io.minio.PutObjectAPIArgs;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import org.projectchat.files.FilesProperties;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/** The files' bucket in S3 (MinIO in production, the embedded S3 server locally). */
@Component
public class ObjectStorage {

    private static final byte[] NO_BYTES = new byte[0];

    private final MinioAsyncClient minio;
    private final String bucket;
    private volatile boolean bucketReady;

    public ObjectStorage(MinioAsyncClient minio, FilesProperties properties) {
        this.minio = minio;
        this.bucket = properties.bucket();
    }

    /** Storage cannot be reached or refused an operation; answered with 503. */
    public static class StorageUnavailable extends RuntimeException {
        public StorageUnavailable(Throwable cause) {
            super("object storage unavailable: " + cause.getMessage(), cause);
        }
    }

    private static <T> T await(CompletableFuture<T> operation) throws Exception {
        try {
            return operation.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw e;
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    private void ensureBucket() throws Exception {
        if (!bucketReady) {
            if (!await(minio.bucketExists(BucketExistsArgs.builder().bucket(bucket).build()))) {
                await(minio.makeBucket(MakeBucketArgs.builder().bucket(bucket).build()));
            }
            bucketReady = true;
        }
    }

    /**
     * Puts bytes held in memory, digested as they arrived. Storage verifies them against the digest's
     * SHA-256 (the signed payload hash) and CRC32 (the checksum), so it checks the very hash the file
     * is announced with; the client's own put would hash the bytes again for the signature and once
     * more for a checksum. The array is sent without a copy.
     */
    public void put(String key, byte[] content, int length, String contentType, ContentDigest digest) {
        put(key, contentType, args -> new PutObjectAPIArgs(args, content, length, args.contentType(), digest.headers()));
    }

    /** Puts a small object this service made (a thumbnail). */
    public void put(String key, byte[] content, String contentType) {
        put(key, content, content.length, contentType, ContentDigest.of(content));
    }

    /**
     * Puts a file from disk in one request, verified against the digest made as it arrived, as bytes
     * in memory are. Uploads are at most 25 MiB, far below a single PUT's 5 GiB; the client's
     * multipart upload would hash every 5 MiB part again for its signature and checksum it, and make
     * storage join the parts.
     */
    public void put(String key, Path file, long size, String contentType, ContentDigest digest) {
        try (RandomAccessFile content = new RandomAccessFile(file.toFile(), "r")) {
            put(key, contentType, args -> new PutObjectAPIArgs(args, content, size, args.contentType(), digest.headers()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The request that carries a put's body. */
    private interface Body {
        PutObjectAPIArgs request(PutObjectArgs args) throws IOException;
    }

    private void put(String key, String contentType, Body body) {
        try {
            ensureBucket();
            // the builder wants a body; the request carries the real one
            PutObjectArgs args = PutObjectArgs.builder().bucket(bucket).object(key).data(NO_BYTES, 0)
                    .contentType(contentType).build();
            await(minio.putObject(body.request(args)));
        } catch (Exception e) {
            throw new StorageUnavailable(e);
        }
    }

    public InputStream get(String key) {
        try {
            return await(minio.getObject(GetObjectArgs.builder().bucket(bucket).object(key).build()));
        } catch (Exception e) {
            throw new StorageUnavailable(e);
        }
    }

    public void remove(String key) {
        try {
            await(minio.removeObject(RemoveObjectArgs.builder().bucket(bucket).object(key).build()));
        } catch (Exception e) {
            throw new StorageUnavailable(e);
        }
    }

    /** A short-lived GET URL that makes storage answer with our headers. */
    public String presignedGet(String key, Duration ttl, String contentType, String contentDisposition) {
        try {
            return minio.getPresignedObjectUrl(GetPresignedObjectUrlArgs.builder().method(Http.Method.GET)
                    .bucket(bucket).object(key).expiry((int) ttl.toSeconds(), TimeUnit.SECONDS)
                    .extraQueryParams(Map.of("response-content-type", contentType,
                            "response-content-disposition", contentDisposition))
                    .build());
        } catch (Exception e) {
            throw new StorageUnavailable(e);
        }
    }

    /** For readiness: can the bucket be reached now? */
    public void check() throws Exception {
        bucketReady = false;
        ensureBucket();
    }
}
