package org.projectchat.search;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.projectchat.contract.ChatStreamFixture;
import org.projectchat.contract.MessageKind;
import org.projectchat.contract.Visibility;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What users of chat search complain about: partial words, code identifiers, e-mail addresses, URLs. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SearchAnalysisTest extends SearchServiceTest {

    ChatStreamFixture chat;

    @BeforeAll
    void world() {
        chat = project();
        chat.post(EXPERT.userId(), "EXPERT", "The getUserProfile call in user_service.py fails on com.acme.billing.InvoiceService",
                Visibility.EVERYONE, MessageKind.QUESTION, List.of());
        chat.post(CLIENT.userId(), "CLIENT", "Write to billing-team@acme.example or see https://wiki.acme.example/deploy-guide",
                Visibility.EVERYONE, MessageKind.GENERAL, List.of());
        chat.post(EXPERT.userId(), "EXPERT", "Résumé of the kubernetes migration", Visibility.EVERYONE, MessageKind.GENERAL, List.of());
        awaitSearch(CLIENT, "in:" + chat.projectId, r -> bodies(r).size() == 3);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "getUserProfile, getUserProfile",
            "profile, getUserProfile",
            "user_service, user_service.py",
            "InvoiceService, InvoiceService",
            "invoice, InvoiceService",
            "com.acme.billing.InvoiceService, InvoiceService",
            "billing-team@acme.example, billing-team@acme.example",
            "https://wiki.acme.example/deploy-guide, deploy-guide",
            "kube, kubernetes",
            "migr, kubernetes migration",
            "resume, Résumé",
    })
    void findsWhatUsersTypeForIt(String typed, String expectedIn) {
        var found = search(CLIENT, typed + " in:" + chat.projectId);
        assertThat(found.statusCode()).isEqualTo(200);
        assertThat(bodies(found)).as(typed).anyMatch(b -> b.contains(expectedIn));
    }
}
