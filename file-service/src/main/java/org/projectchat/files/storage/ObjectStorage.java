package org.projectchat.files.storage;

import io.minio.BucketExistsArgs;
import io.minio.Checksum;
import io.minio.GetObjectArgs;
import io.minio.GetPresignedObjectUrlArgs;
import io.minio.Http;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import org.projectchat.files.FilesProperties;
import org.springframework.stereotype.Component;

import java.io.InputStream;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The files' bucket in S3 (MinIO in production, the embedded S3 server locally). */
@Component
public class ObjectStorage {

    /**
     * The integrity checksum sent with each put (S3 verifies it). CRC32 runs on the JDK's intrinsic;
     * the client's default, CRC32C, is computed a byte at a time in Java and was the service's largest
     * CPU cost in the upload benchmark.
     */
    public static final Checksum.Algorithm CHECKSUM = Checksum.Algorithm.CRC32;

    private final MinioClient minio;
    private final String bucket;
    private volatile boolean bucketReady;

    public ObjectStorage(MinioClient minio, FilesProperties properties) {
        this.minio = minio;
        this.bucket = properties.bucket();
    }

    /** Storage cannot be reached or refused an operation; answered with 503. */
    public static class StorageUnavailable extends RuntimeException {
        public StorageUnavailable(Throwable cause) {
            super("object storage unavailable: " + cause.getMessage(), cause);
        }
    }

    private void ensureBucket() throws Exception {
        if (!bucketReady) {
            if (!minio.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) {
                minio.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
            }
            bucketReady = true;
        }
    }

    public void put(String key, InputStream content, long size, String contentType) {
        try {
            ensureBucket();
            minio.putObject(PutObjectArgs.builder().bucket(bucket).object(key)
                    .stream(content, size, -1L).contentType(contentType).checksum(CHECKSUM).build());
        } catch (Exception e) {
            throw new StorageUnavailable(e);
        }
    }

    /** Puts bytes held in memory: sent from the array, without the copy a stream's put makes. */
    public void put(String key, byte[] content, int length, String contentType) {
        try {
            ensureBucket();
            minio.putObject(PutObjectArgs.builder().bucket(bucket).object(key)
                    .data(content, length).contentType(contentType).checksum(CHECKSUM).build());
        } catch (Exception e) {
            throw new StorageUnavailable(e);
        }
    }

    public InputStream get(String key) {
        try {
            return minio.getObject(GetObjectArgs.builder().bucket(bucket).object(key).build());
        } catch (Exception e) {
            throw new StorageUnavailable(e);
        }
    }

    public void remove(String key) {
        try {
            minio.removeObject(RemoveObjectArgs.builder().bucket(bucket).object(key).build());
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
