package org.projectchat.files.sweep;

import org.projectchat.files.FilesProperties;
import org.projectchat.files.storage.ObjectStorage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;

/** Removes objects whose upload never committed (the service died between storing and recording). */
@Component
public class PendingUploadSweeper {

    private static final Logger log = LoggerFactory.getLogger(PendingUploadSweeper.class);

    private final JdbcTemplate jdbc;
    private final ObjectStorage storage;
    private final FilesProperties properties;
    private final Clock clock;

    public PendingUploadSweeper(JdbcTemplate jdbc, ObjectStorage storage, FilesProperties properties, Clock clock) {
        this.jdbc = jdbc;
        this.storage = storage;
        this.properties = properties;
        this.clock = clock;
    }

    /** Returns how many abandoned uploads were removed. */
    @Scheduled(fixedDelayString = "${files.sweep-interval:60s}", initialDelayString = "${files.sweep-interval:60s}")
    public int sweep() {
        Timestamp before = Timestamp.from(clock.instant().minus(properties.sweepAfter()));
        List<String[]> abandoned = jdbc.query("select file_id, object_key from pending_uploads where started_at < ?",
                (rs, i) -> new String[]{rs.getString(1), rs.getString(2)}, before);
        int removed = 0;
        for (String[] upload : abandoned) {
            try {
                storage.remove(upload[1]);
                jdbc.update("delete from pending_uploads where file_id = ?", upload[0]);
                removed++;
            } catch (ObjectStorage.StorageUnavailable e) {
                log.warn("Cannot sweep {} yet: {}", upload[1], e.getMessage());
            }
        }
        return removed;
    }
}
