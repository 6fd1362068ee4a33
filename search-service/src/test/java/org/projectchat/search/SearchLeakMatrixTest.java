package org.projectchat.search;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.projectchat.contract.ChatEvent;
import org.projectchat.contract.ChatStreamFixture;
import org.projectchat.contract.MessageKind;
import org.projectchat.contract.Visibility;

import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** For each role and visibility, search returns exactly what the one rule allows. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SearchLeakMatrixTest extends SearchServiceTest {

    ChatStreamFixture chat;
    String word;

    @BeforeAll
    void world() {
        chat = project();
        word = "zebra" + chat.projectId.substring(4);
        chat.post(EXPERT.userId(), "EXPERT", word + " everyone sees this", Visibility.EVERYONE, MessageKind.GENERAL, List.of());
        chat.post(CLIENT.userId(), "CLIENT", word + " client side only", Visibility.CLIENT_INTERNAL, MessageKind.GENERAL, List.of());
        chat.post(OPS.userId(), "PLATFORM_OPS", word + " internal note for ops", Visibility.INTERNAL, MessageKind.GENERAL,
                List.of("0193a6f2-0000-7000-8000-00000000abcd"));
        awaitSearch(STAFF, word, r -> bodies(r).size() == 3);
        // rosters are indexed apart from messages and become searchable on their own refresh
        awaitSearch(OPS, word, r -> bodies(r).size() == 3);
        awaitSearch(EXPERT, word, r -> bodies(r).size() == 1);
    }

    static Stream<Object[]> readers() {
        Set<String> expert = Set.of("everyone sees this");
        Set<String> clientSide = Set.of("everyone sees this", "client side only");
        Set<String> ops = Set.of("everyone sees this", "client side only", "internal note for ops");
        return Stream.of(new Object[]{EXPERT, expert}, new Object[]{EXPERT2, expert}, new Object[]{CLIENT, clientSide},
                new Object[]{MANAGER, clientSide}, new Object[]{OPS, ops}, new Object[]{STAFF, ops},
                new Object[]{OUTSIDER, Set.of()});
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("readers")
    void searchReturnsExactlyWhatTheRuleAllows(SearchServiceTest.User reader, Set<String> allowed) {
        var response = search(reader, word);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(bodies(response)).map(b -> b.replace(word + " ", "")).containsExactlyInAnyOrderElementsOf(allowed);
        // operators narrow, never widen
        var widened = search(reader, word + " in:" + chat.projectId + " kind:general");
        assertThat(bodies(widened)).map(b -> b.replace(word + " ", "")).containsExactlyInAnyOrderElementsOf(allowed);
        var attachments = search(reader, word + " has:file");
        assertThat(bodies(attachments)).hasSize(allowed.contains("internal note for ops") ? 1 : 0);
    }

    @Test
    void aRemovedParticipantFindsNothingAnyMore() {
        ChatStreamFixture other = project();
        String secret = "walrus" + other.projectId.substring(4);
        other.post(EXPERT.userId(), "EXPERT", secret + " roadmap", Visibility.EVERYONE, MessageKind.GENERAL, List.of());
        awaitSearch(EXPERT2, secret, r -> bodies(r).size() == 1);
        other.publish(new ChatEvent.ParticipantRemoved(EXPERT2.userId()));
        awaitSearch(EXPERT2, secret, r -> bodies(r).isEmpty());
        assertThat(bodies(search(EXPERT, secret))).hasSize(1);
    }

    @Test
    void queryDslCannotBeSmuggledIn() {
        for (String attack : List.of(word + " visibility:INTERNAL", "{\"match_all\":{}}", word + " OR *", "*:*")) {
            var response = search(EXPERT, attack);
            if (response.statusCode() == 200) {
                assertThat(response.body()).doesNotContain("internal note").doesNotContain("client side");
            } else {
                assertThat(response.statusCode()).isEqualTo(400);
            }
        }
    }
}
