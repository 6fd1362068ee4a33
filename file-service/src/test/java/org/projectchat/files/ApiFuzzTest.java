package org.projectchat.files;

import org.junit.jupiter.api.Test;
import org.projectchat.baseline.fuzz.ApiFuzz;
import org.projectchat.baseline.fuzz.FuzzTokens;
import org.projectchat.contract.EventJson;
import org.projectchat.contract.Visibility;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * file-service's API fuzzed from its own OpenAPI document (see {@link ApiFuzz}): no 5xx, every 4xx problem+json; then
 * an upload and a download still work. {@code -Dfuzz.cases=N} for a longer run.
 */
class ApiFuzzTest extends FileServiceTest {

    @Test
    void hostileAndCarelessRequestsGetNoServerErrorAndOnlyProblemJson() {
        var chat = openProject();
        String fileId = EventJson.mapper().readTree(upload(EXPERT, chat.projectId, "target.txt", "fuzz target".getBytes()).body())
                .get("fileId").asString();
        chat.attach(EXPERT, Visibility.EVERYONE, fileId);
        var report = ApiFuzz.run(new ApiFuzz.Target(base(), Map.of("projectId", chat.projectId, "fileId", fileId),
                new FuzzTokens(ISSUER, EXPERT.userId(), STAFF.userId(), "svc-marketplace")), 43, Integer.getInteger("fuzz.cases", 2000));
        System.out.println("file-service fuzz: " + report.summary());
        report.notes().forEach(n -> System.out.println("  container: " + n));
        report.failures().stream().limit(60).forEach(f -> System.out.println("  FAILED: " + f));
        assertThat(report.failures()).as(report.summary()).isEmpty();

        var after = upload(EXPERT, chat.projectId, "after.txt", "after the fuzz".getBytes());
        assertThat(after.statusCode()).isEqualTo(201);
        assertThat(download(CLIENT, chat.projectId, fileId).statusCode()).isEqualTo(200);
    }
}
