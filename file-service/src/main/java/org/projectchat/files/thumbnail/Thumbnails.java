package org.projectchat.files.thumbnail;

import org.projectchat.baseline.web.ApiProblem;
import org.projectchat.files.FilesProperties;
import org.projectchat.files.storage.ObjectStorage;
import org.projectchat.files.upload.FileTypes;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Thumbnails of raster images, so that a chat shows a preview without fetching a file of up to
 * 25 MB. One is made on its image's first request and kept in storage at
 * {@code thumbnails/<fileId>}; the files row notes its content type, or that the image cannot be
 * made into one (it does not decode, or declares more pixels than allowed), so that is tried once.
 */
@Component
public class Thumbnails {

    static final String NONE = "none";
    /**
     * How many thumbnails are made at once: each holds its image (up to 25 MiB) and its decoded pixels
     * (up to files.thumbnail-max-decode-bytes) while it is made.
     */
    static final int MADE_AT_ONCE = 2;

    private final JdbcTemplate jdbc;
    private final ObjectStorage storage;
    private final ThumbnailRenderer renderer;
    private final Semaphore making = new Semaphore(MADE_AT_ONCE);

    public Thumbnails(JdbcTemplate jdbc, ObjectStorage storage, FilesProperties properties) {
        this.jdbc = jdbc;
        this.storage = storage;
        this.renderer = new ThumbnailRenderer(properties.thumbnailMaxEdge(), properties.thumbnailMaxPixels(),
                properties.thumbnailMaxDecodeBytes());
    }

    public record Thumbnail(String contentType, InputStream content) {
    }

    /**
     * The thumbnail of a stored file whose row notes {@code state} (null when none was asked for yet);
     * empty when the file is not a raster image or cannot be made into a thumbnail.
     */
    public Optional<Thumbnail> of(String fileId, String objectKey, String contentType, String state) {
        if (!FileTypes.RASTER_IMAGES.contains(contentType)) {
            return Optional.empty();
        }
        String made = state != null ? state : make(fileId, objectKey);
        return NONE.equals(made) ? Optional.empty() : Optional.of(new Thumbnail(made, storage.get(key(fileId))));
    }

    static String key(String fileId) {
        return "thumbnails/" + fileId;
    }

    private String make(String fileId, String objectKey) {
        try {
            if (!making.tryAcquire(10, TimeUnit.SECONDS)) {
                throw new ApiProblem(HttpStatus.SERVICE_UNAVAILABLE, "thumbnails-busy", "Service unavailable",
                        "Thumbnails are being made for other images; retry in a moment.");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        try {
            // made by another request while this one waited?
            String state = jdbc.queryForObject("select thumbnail from files where file_id = ?", String.class, fileId);
            if (state != null) {
                return state;
            }
            byte[] image;
            try (InputStream in = storage.get(objectKey)) {
                image = in.readAllBytes();
            }
            var rendered = renderer.render(image);
            rendered.ifPresent(r -> storage.put(key(fileId), r.bytes(), r.contentType()));
            String made = rendered.map(ThumbnailRenderer.Rendered::contentType).orElse(NONE);
            jdbc.update("update files set thumbnail = ? where file_id = ?", made, fileId);
            return made;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            making.release();
        }
    }
}
