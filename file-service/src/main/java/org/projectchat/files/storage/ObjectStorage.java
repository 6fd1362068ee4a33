package org.projectchat.files.storage;

import io.minio.BucketExistsArgs;
import io.minio.Checksum;
import io.minio.GetObjectArgs;
import io.minio.GetPresignedObjectUrlArgs;
import io.minio.Http;
import io.minio.MakeBucketArgs;
import io.minio.MinioAsyncClient;
import io.minio.PutObjectAPIArgs;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.UploadObjectArgs;
import org.projectchat.files.FilesProperties;
import org.springframework.stereotype.Component;

import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/** The files' bucket in S3 (MinIO in production, the embedded S3 server locally). */
@Component
public class ObjectStorage {

    /**
     * The integrity checksum S3 verifies on a put from a file. CRC32 runs on the JDK's intrinsic; the
     * client's default, CRC32C, is computed a byte at a time in Java and was the service's largest
     * CPU cost in the upload benchmark. (The client refuses SHA-256 here.)
     */
    public static final Checksum.Algorithm FILE_CHECKSUM = Checksum.Algorithm.CRC32;

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
     * Puts a file from disk. The client reads its parts straight from the file (a stream would be
     * copied into part buffers first: in the upload benchmark the client put 25 MB from a stream at
     * about half the rate it puts the same bytes from memory).
     */
    public void put(String key, Path file, long size, String contentType) {
        try {
            ensureBucket();
            await(minio.uploadObject(UploadObjectArgs.builder().bucket(bucket).object(key).filename(file.toString(), size)
                    .contentType(contentType).checksum(FILE_CHECKSUM).build()));
        } catch (Exception e) {
            throw new StorageUnavailable(e);
        }
    }

    /**
     * Puts bytes held in memory (at most 5 MiB: one request) whose SHA-256 the caller computed as they
     * arrived. It is sent as the signed payload hash, which storage verifies against the bytes it
     * receives, so storage checks the very hash the file is announced with; the client's own put
     * would hash the bytes again for the signature and once more for a checksum (CRC32 at best;
     * asking for a SHA-256 checksum makes storage hash them a third time). The array is sent without
     * a copy.
     */
    public void put(String key, byte[] content, int length, String contentType, byte[] sha256) {
        try {
            ensureBucket();
            PutObjectArgs args = PutObjectArgs.builder().bucket(bucket).object(key).data(content, length)
                    .contentType(contentType).build();
            Http.Headers payloadHash = new Http.Headers();
            payloadHash.put(Http.Headers.X_AMZ_CONTENT_SHA256, HexFormat.of().formatHex(sha256));
            await(minio.putObject(new PutObjectAPIArgs(args, content, length, args.contentType(), payloadHash)));
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
