package org.projectchat.files;

import org.junit.jupiter.api.Test;
import org.projectchat.files.storage.ObjectStorage;
import org.projectchat.files.sweep.PendingUploadSweeper;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SweeperTest extends FileServiceTest {

    @Autowired
    PendingUploadSweeper sweeper;

    @Autowired
    ObjectStorage storage;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void anObjectWhoseUploadNeverCommittedIsRemovedAndARecentOneIsLeftAlone() throws Exception {
        String abandoned = "files/" + UUID.randomUUID();
        String inFlight = "files/" + UUID.randomUUID();
        for (String key : new String[]{abandoned, inFlight}) {
            storage.put(key, "x".getBytes(), "text/plain");
        }
        jdbc.update("insert into pending_uploads (file_id, object_key, started_at) values (?, ?, ?)", UUID.randomUUID().toString(),
                abandoned, Timestamp.from(Instant.now().minus(1, ChronoUnit.HOURS)));
        jdbc.update("insert into pending_uploads (file_id, object_key, started_at) values (?, ?, ?)", UUID.randomUUID().toString(),
                inFlight, Timestamp.from(Instant.now()));

        assertThat(sweeper.sweep()).isEqualTo(1);

        assertThatThrownBy(() -> storage.get(abandoned).readAllBytes()).isInstanceOf(ObjectStorage.StorageUnavailable.class);
        assertThat(storage.get(inFlight).readAllBytes()).isEqualTo("x".getBytes());
        assertThat(jdbc.queryForList("select object_key from pending_uploads", String.class)).contains(inFlight).doesNotContain(abandoned);
        jdbc.update("delete from pending_uploads where object_key = ?", inFlight);
    }
}
