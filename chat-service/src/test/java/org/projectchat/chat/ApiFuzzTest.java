package org.projectchat.chat;

import org.junit.jupiter.api.Test;
import org.projectchat.baseline.fuzz.ApiFuzz;
import org.projectchat.baseline.fuzz.FuzzTokens;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.projectchat.chat.ChatClient.CLIENT;
import static org.projectchat.chat.ChatClient.EXPERT;

/**
 * chat-service's API fuzzed from its own OpenAPI document (see {@link ApiFuzz}): no 5xx, every 4xx problem+json; then
 * a normal post and history still work and no stream has a gap. {@code -Dfuzz.cases=N} for a longer run.
 */
class ApiFuzzTest extends ChatServiceTest {

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void hostileAndCarelessRequestsGetNoServerErrorAndOnlyProblemJson() {
        ChatClient chat = client();
        String project = chat.openProject();
        String message = chat.postMessage(EXPERT, project, "fuzz target", "EVERYONE");
        var report = ApiFuzz.run(new ApiFuzz.Target("http://localhost:" + port,
                        Map.of("projectId", project, "messageId", message, "userId", CLIENT.userId()),
                        new FuzzTokens(ISSUER, EXPERT.userId(), ChatClient.STAFF.userId(), ChatClient.PLATFORM.userId())),
                42, Integer.getInteger("fuzz.cases", 2000));
        System.out.println("chat-service fuzz: " + report.summary());
        report.notes().forEach(n -> System.out.println("  container: " + n));
        report.failures().stream().limit(60).forEach(f -> System.out.println("  FAILED: " + f));
        assertThat(report.failures()).as(report.summary()).isEmpty();

        // and afterwards the service works, with nothing half-written
        assertThat(chat.post(EXPERT, "/projects/" + project + "/messages", Map.of("body", "after the fuzz")).status()).isEqualTo(201);
        chat.awaitOk(ChatClient.STAFF, "/projects/" + project + "/messages", r -> r.body().contains("after the fuzz"));
        assertThat(jdbc.queryForObject("""
                select count(*) from (select stream_id, count(*) n, max(stream_version) top from events group by stream_id) s
                where n <> top""", Long.class)).as("streams with a gap").isZero();
    }
}
