package org.projectchat.files;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/**
 * @param maxFileBytes   largest file accepted (25 MiB); published at {@code GET /files/limits}. At most 5 GiB:
 *                       every file is put in storage in one request
 * @param bucket         the bucket holding every file
 * @param s3Endpoint     S3/MinIO endpoint
 * @param s3AccessKey    S3 access key
 * @param s3SecretKey    S3 secret key
 * @param presignedTtl   lifetime of a presigned download URL
 * @param sweepAfter     an upload not committed after this long has its object removed
 * @param uploadDir      where uploads too big for memory are spooled while they are checked
 * @param inMemoryMaxBytes    an upload up to this size is held in memory while it is checked and stored
 * @param inMemoryBudgetBytes all uploads held in memory at once stay within this; past it, uploads are spooled
 * @param thumbnailMaxEdge    a thumbnail's longer side, in pixels
 * @param thumbnailMaxPixels  an image declaring more pixels than this gets no thumbnail (it is not decoded)
 * @param thumbnailMaxDecodeBytes an image whose decoded pixels would take more heap than this gets no thumbnail
 *                                (most are decoded subsampled, a few MB; WebP is decoded whole)
 */
@ConfigurationProperties("files")
public record FilesProperties(Long maxFileBytes, String bucket, String s3Endpoint, String s3AccessKey, String s3SecretKey,
                              Duration presignedTtl, Duration sweepAfter, String uploadDir,
                              Long inMemoryMaxBytes, Long inMemoryBudgetBytes, Integer thumbnailMaxEdge,
                              Long thumbnailMaxPixels, Long thumbnailMaxDecodeBytes) {
    public FilesProperties {
        maxFileBytes = maxFileBytes == null ? 25L * 1024 * 1024 : maxFileBytes;
        bucket = bucket == null ? "project-files" : bucket;
        presignedTtl = presignedTtl == null ? Duration.ofSeconds(60) : presignedTtl;
        sweepAfter = sweepAfter == null ? Duration.ofMinutes(15) : sweepAfter;
        uploadDir = uploadDir == null ? System.getProperty("java.io.tmpdir") : uploadDir;
        inMemoryMaxBytes = inMemoryMaxBytes == null ? 4L * 1024 * 1024 : inMemoryMaxBytes;
        inMemoryBudgetBytes = inMemoryBudgetBytes == null ? 64L * 1024 * 1024 : inMemoryBudgetBytes;
        thumbnailMaxEdge = thumbnailMaxEdge == null ? 400 : thumbnailMaxEdge;
        thumbnailMaxPixels = thumbnailMaxPixels == null ? 50_000_000L : thumbnailMaxPixels;
        thumbnailMaxDecodeBytes = thumbnailMaxDecodeBytes == null ? 128L * 1024 * 1024 : thumbnailMaxDecodeBytes;
        if (maxFileBytes > 5L * 1024 * 1024 * 1024) {
            throw new IllegalArgumentException("files.max-file-bytes must not exceed 5 GiB (one S3 request)");
        }
    }
}
