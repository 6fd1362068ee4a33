package org.projectchat.files;

import org.junit.jupiter.api.Test;
import org.projectchat.embedded.EmbeddedServersExtension;
import org.projectchat.embedded.Server;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import java.net.URI;
import java.net.http.HttpRequest;

import static org.assertj.core.api.Assertions.assertThat;

class StorageOutageTest extends FileServiceTest {

    @Autowired
    JdbcTemplate jdbc;

    int readiness() {
        return send(HttpRequest.newBuilder(URI.create(base() + "/actuator/health/readiness")).build()).statusCode();
    }

    @Test
    void withoutStorageUploadsGet503AndNothingIsAnnouncedThenItRecoversByItself() {
        var chat = openProject();
        var stack = EmbeddedServersExtension.sharedStack();
        long outboxBefore = jdbc.queryForObject("select count(*) from files", Long.class);
        stack.stop(Server.S3);
        try {
            var refused = upload(EXPERT, chat.projectId, "during-outage.txt", "hello".getBytes());
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
            assertThat(refused.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
            assertThat(refused.headers().firstValue("Retry-After")).isPresent();
            assertThat(jdbc.queryForObject("select count(*) from files", Long.class)).isEqualTo(outboxBefore);
            assertThat(jdbc.queryForObject("select count(*) from events where convert_from(envelope, 'UTF8') like '%during-outage%'", Long.class)).isZero();
            assertThat(readiness()).isEqualTo(503);
        } finally {
            stack.start(java.util.EnumSet.of(Server.S3));
        }
        await(this::readiness, status -> status == 200);
        var accepted = upload(EXPERT, chat.projectId, "after-outage.txt", "hello again".getBytes());
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(201);
        var events = UploadTest.fileEvents(chat.projectId, 2);
        assertThat(events).extracting(e -> e.fileName()).contains("after-outage.txt").doesNotContain("during-outage.txt");
    }
}
