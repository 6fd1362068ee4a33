package org.projectchat.files;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/**
 * @param maxFileBytes   largest file accepted (25 MiB); published at {@code GET /files/limits}
 * @param bucket         the bucket holding every file
 * @param s3Endpoint     S3/MinIO endpoint
 * @param s3AccessKey    S3 access key
 * @param s3SecretKey    S3 secret key
 * @param presignedTtl   lifetime of a presigned download URL
 * @param sweepAfter     an upload not committed after this long has its object removed
 * @param uploadDir      where uploads are spooled while they are checked (never held in memory)
 */
@ConfigurationProperties("files")
public record FilesProperties(Long maxFileBytes, String bucket, String s3Endpoint, String s3AccessKey, String s3SecretKey,
                              Duration presignedTtl, Duration sweepAfter, String uploadDir) {
    public FilesProperties {
        maxFileBytes = maxFileBytes == null ? 25L * 1024 * 1024 : maxFileBytes;
        bucket = bucket == null ? "project-files" : bucket;
        presignedTtl = presignedTtl == null ? Duration.ofSeconds(60) : presignedTtl;
        sweepAfter = sweepAfter == null ? Duration.ofMinutes(15) : sweepAfter;
        uploadDir = uploadDir == null ? System.getProperty("java.io.tmpdir") : uploadDir;
    }
}
