package org.projectchat.search;

import org.junit.jupiter.api.Test;
import org.projectchat.baseline.fuzz.ApiFuzz;
import org.projectchat.baseline.fuzz.FuzzTokens;
import org.projectchat.contract.MessageKind;
import org.projectchat.contract.Visibility;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * search-service's API fuzzed from its own OpenAPI document (see {@link ApiFuzz}): no 5xx, every 4xx problem+json; then
 * a search still finds what it should. {@code -Dfuzz.cases=N} for a longer run.
 */
class ApiFuzzTest extends SearchServiceTest {

    @Test
    void hostileAndCarelessRequestsGetNoServerErrorAndOnlyProblemJson() {
        var chat = project();
        String word = "fuzzed" + chat.projectId.substring(4);
        chat.post(EXPERT.userId(), "EXPERT", word + " before", Visibility.EVERYONE, MessageKind.GENERAL, List.of());
        awaitSearch(CLIENT, word, r -> bodies(r).size() == 1);
        var report = ApiFuzz.run(new ApiFuzz.Target("http://localhost:" + port, Map.of("projectId", chat.projectId),
                new FuzzTokens(ISSUER, CLIENT.userId(), STAFF.userId(), "svc-marketplace")), 44, Integer.getInteger("fuzz.cases", 2000));
        System.out.println("search-service fuzz: " + report.summary());
        report.notes().forEach(n -> System.out.println("  container: " + n));
        report.failures().stream().limit(60).forEach(f -> System.out.println("  FAILED: " + f));
        assertThat(report.failures()).as(report.summary()).isEmpty();
        assertThat(bodies(search(CLIENT, word))).hasSize(1);
    }
}
