package org.projectchat.files.upload;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.projectchat.contract.PlatformUser;
import org.projectchat.baseline.web.ApiProblem;
import org.projectchat.contract.Actor;
import org.projectchat.contract.EventIds;
import org.projectchat.contract.FileEvent;
import org.projectchat.files.storage.ContentDigest;
import org.projectchat.files.storage.ObjectStorage;
import org.projectchat.eventsourcing.store.EventMetadata;
import org.projectchat.eventsourcing.store.EventStore;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Stores an upload: judge its bytes, note the pending object, put it in storage, then record the
 * file and its FileUploaded event (the kit's event store, with its outbox row) in one transaction. An object is
 * never announced before it is stored, and one whose transaction never commits is swept.
 */
@Service
public class FileUploads {

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final ObjectStorage storage;
    private final EventStore events;
    private final Clock clock;
    private final UploadBuffers buffers;
    private final ApplicationEventPublisher stored;
    private final FileTypes types = new FileTypes();

    public FileUploads(JdbcTemplate jdbc, TransactionTemplate tx, ObjectStorage storage, EventStore events, Clock clock,
                       UploadBuffers buffers, ApplicationEventPublisher stored) {
        this.buffers = buffers;
        this.stored = stored;
        this.jdbc = jdbc;
        this.tx = tx;
        this.storage = storage;
        this.events = events;
        this.clock = clock;
    }

    /** Told in this process once a file's upload has committed (FileUploaded is on its way to Kafka). */
    public record FileStored(String fileId, String objectKey, String contentType) {
    }

    /** An upload as stored; {@code width} and {@code height} (in pixels) only for an image whose header tells them. */
    public record StoredFile(String fileId, String projectId, String name, long size, String contentType, String sha256,
                             String uploaderId, Instant uploadedAt, @JsonInclude(JsonInclude.Include.NON_NULL) Integer width,
                             @JsonInclude(JsonInclude.Include.NON_NULL) Integer height) {
    }

    /**
     * Stores the file part of an upload request as it arrives: its head is judged first (most types are
     * known from it, and a refused file is answered before the rest is read), then the rest is taken in
     * while hashed, held in memory or spooled ({@link UploadBuffers}), and put in storage.
     */
    StoredFile store(String projectId, PlatformUser uploader, FilePart part, long expectedBytes) {
        String name = FileNames.sanitize(part.fileName());
        ContentDigest digest = new ContentDigest();
        try (InputStream content = digest.reading(part)) {
            byte[] head = content.readNBytes(FileTypes.HEAD_BYTES);
            if (head.length == 0) {
                throw ApiProblem.badRequest("empty-file", "The file is empty.");
            }
            FileTypes.Verdict verdict = types.judgeHead(head, name);
            refuseUnless(verdict);
            try (UploadBuffers.Received received = buffers.receive(head, content, expectedBytes)) {
                if (verdict == null) {
                    try (var whole = received.open()) {
                        verdict = types.judgeWhole(whole, head, name);
                    }
                    refuseUnless(verdict);
                }
                String fileId = EventIds.next().toString();
                String key = "files/" + fileId;
                Instant now = clock.instant();
                jdbc.update("insert into pending_uploads (file_id, object_key, started_at) values (?, ?, ?)",
                        fileId, key, Timestamp.from(now));
                received.storeIn(storage, key, verdict.contentType(), digest);
                Optional<ImageSize> image = FileTypes.isRasterImage(verdict.contentType())
                        ? ImageSize.of(head) : Optional.empty();
                StoredFile file = new StoredFile(fileId, projectId, name, received.size(), verdict.contentType(),
                        digest.sha256Hex(), uploader.userId(), now,
                        image.map(ImageSize::width).orElse(null), image.map(ImageSize::height).orElse(null));
                record(file, uploader, key);
                stored.publishEvent(new FileStored(fileId, key, verdict.contentType()));
                return file;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void refuseUnless(FileTypes.Verdict verdict) {
        if (verdict != null && !verdict.accepted()) {
            throw new ApiProblem(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported-file-type", "Unsupported media type",
                    verdict.reason()).with("detectedType", verdict.contentType());
        }
    }

    private void record(StoredFile file, PlatformUser uploader, String key) {
        tx.executeWithoutResult(status -> {
            jdbc.update("""
                    insert into files (file_id, project_id, uploader_id, uploader_name, name, size, content_type, sha256,
                        object_key, uploaded_at, width, height) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                    file.fileId(), file.projectId(), file.uploaderId(), uploader.displayName(), file.name(), file.size(),
                    file.contentType(), file.sha256(), key, Timestamp.from(file.uploadedAt()), file.width(), file.height());
            var event = new FileEvent.FileUploaded(file.fileId(), file.name(), file.size(), file.contentType(), file.sha256(),
                    file.width(), file.height());
            // uploads do not depend on each other: each takes the project's next version
            events.append(file.projectId(), EventStore.ANY_VERSION, List.of(event), new EventMetadata(file.uploadedAt(),
                    new Actor(uploader.userId(), uploader.displayName(), "PARTICIPANT"), file.fileId(), "upload", null), null);
            jdbc.update("delete from pending_uploads where file_id = ?", file.fileId());
        });
    }
}
