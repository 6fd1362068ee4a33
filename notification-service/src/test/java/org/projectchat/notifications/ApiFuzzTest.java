package org.projectchat.notifications;

import org.junit.jupiter.api.Test;
import org.projectchat.baseline.fuzz.ApiFuzz;
import org.projectchat.baseline.fuzz.FuzzTokens;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * notification-service's API fuzzed from its own OpenAPI document (see {@link ApiFuzz}): no 5xx, every 4xx
 * problem+json; then a mention still reaches the app. {@code -Dfuzz.cases=N} for a longer run.
 */
class ApiFuzzTest extends NotificationServiceTest {

    @Test
    void hostileAndCarelessRequestsGetNoServerErrorAndOnlyProblemJson() {
        Project p = project();
        p.mention(p.erik, p.clara, "@clara before the fuzz");
        awaitInbox(p.clara, 1);
        var report = ApiFuzz.run(new ApiFuzz.Target("http://localhost:" + port,
                Map.of("projectId", p.id, "userId", p.erik.userId(), "token", "abc.def", "id", "00000000-0000-0000-0000-000000000000"),
                new FuzzTokens(ISSUER, p.clara.userId(), "u-staff", "svc-marketplace")), 45, Integer.getInteger("fuzz.cases", 2000));
        System.out.println("notification-service fuzz: " + report.summary());
        report.notes().forEach(n -> System.out.println("  container: " + n));
        report.failures().stream().limit(60).forEach(f -> System.out.println("  FAILED: " + f));
        assertThat(report.failures()).as(report.summary()).isEmpty();
        // the fuzz may have left Clara's level at "urgent only" (a valid choice it made for her): an urgent mention
        // reaches her whatever she chose
        p.post(p.erik, "@clara after the fuzz", org.projectchat.contract.Visibility.EVERYONE,
                org.projectchat.contract.MessageKind.GENERAL, org.projectchat.contract.Priority.URGENT, null, at(p.clara));
        awaitInbox(p.clara, 2);
    }
}
