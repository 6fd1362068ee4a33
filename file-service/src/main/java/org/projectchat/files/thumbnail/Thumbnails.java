package org.projectchat.files.thumbnail;

import jakarta.annotation.PreDestroy;
import org.projectchat.baseline.web.ApiProblem;
import org.projectchat.files.FilesProperties;
import org.projectchat.files.storage.ObjectStorage;
import org.projectchat.files.upload.FileTypes;
import org.projectchat.files.upload.FileUploads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Thumbnails of raster images, so that a chat shows a preview without fetching a file of up to
 * 25 MB. One is made in the background as soon as its image is stored (on one thread, so uploads
 * never wait for it), or on its first request if that comes first or the background fell behind, and
 * kept in storage at {@code thumbnails/<fileId>}; the files row notes its content type, or that the
 * image cannot be made into one (it does not decode, or is too big to decode), so that is tried once.
 */
@Component
public class Thumbnails {

    private static final Logger log = LoggerFactory.getLogger(Thumbnails.class);

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
    /** Makes thumbnails of images just stored; when it is this far behind, the rest wait for their first request. */
    private final ThreadPoolExecutor background = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(100), Thread.ofPlatform().name("thumbnails").daemon().factory(),
            new ThreadPoolExecutor.DiscardPolicy());

    public Thumbnails(JdbcTemplate jdbc, ObjectStorage storage, FilesProperties properties) {
        this.jdbc = jdbc;
        this.storage = storage;
        this.renderer = new ThumbnailRenderer(properties.thumbnailMaxEdge(), properties.thumbnailMaxPixels(),
                properties.thumbnailMaxDecodeBytes());
    }

    /**
     * The content type of a stored file's thumbnail, made now if its row notes no {@code state} yet;
     * 404 {@code no-thumbnail}, saying why, when the file is not a raster image or cannot be made into
     * a thumbnail.
     */
    public String made(String fileId, String objectKey, String contentType, String state) {
        if (!FileTypes.isRasterImage(contentType)) {
            throw noThumbnail(fileId, "it is not a PNG, JPEG, GIF or WebP image.");
        }
        String made = state != null ? state : make(fileId, objectKey);
        if (NONE.equals(made)) {
            throw noThumbnail(fileId, "the image cannot be decoded, or is too big to decode.");
        }
        return made;
    }

    private static ApiProblem noThumbnail(String fileId, String why) {
        return ApiProblem.notFound("no-thumbnail", "File " + fileId + " has no thumbnail: " + why);
    }

    /** The bytes of a thumbnail that was made. */
    public InputStream open(String fileId) {
        return storage.get(key(fileId));
    }

    @EventListener
    void stored(FileUploads.FileStored file) {
        if (FileTypes.isRasterImage(file.contentType())) {
            background.execute(() -> {
                try {
                    make(file.fileId(), file.objectKey());
                } catch (RuntimeException e) {
                    log.info("Thumbnail of {} left for its first request: {}", file.fileId(), e.getMessage());
                }
            });
        }
    }

    @PreDestroy
    void stop() {
        background.shutdownNow();
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
            // made meanwhile, in the background or for another request?
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
