package org.projectchat.search;

import org.junit.jupiter.api.Test;
import org.projectchat.contract.ChatEvent;
import org.projectchat.contract.ChatStreamFixture;
import org.projectchat.contract.EventEnvelope;
import org.projectchat.contract.EventPayload;
import org.projectchat.contract.MessageKind;
import org.projectchat.contract.Visibility;
import org.projectchat.search.index.SearchIndexer;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SearchOperatorsTest extends SearchServiceTest {

    @Autowired
    SearchIndexer indexer;

    @Autowired
    co.elastic.clients.elasticsearch.ElasticsearchClient elasticsearch;

    @Test
    void operatorsPhrasesExclusionsHighlightsAndPagination() {
        ChatStreamFixture chat = project();
        String tag = "q" + chat.projectId.substring(4);
        chat.post(EXPERT.userId(), "EXPERT", tag + " the deploy pipeline is green", Visibility.EVERYONE, MessageKind.PROGRESS_UPDATE, List.of());
        chat.post(CLIENT.userId(), "CLIENT", tag + " is the pipeline deploy ready?", Visibility.EVERYONE, MessageKind.QUESTION, List.of());
        chat.post(EXPERT.userId(), "EXPERT", tag + " blocked:\n```\nkubectl rollout status\n```", Visibility.EVERYONE, MessageKind.BLOCKER,
                List.of("0193a6f2-0000-7000-8000-00000000beef"));
        awaitSearch(CLIENT, tag, r -> bodies(r).size() == 3);

        assertThat(bodies(search(CLIENT, tag + " \"deploy pipeline\""))).containsExactly(tag + " the deploy pipeline is green");
        assertThat(bodies(search(CLIENT, tag + " pipeline -green"))).containsExactly(tag + " is the pipeline deploy ready?");
        var fromClara = search(CLIENT, tag + " from:@clara");
        assertThat(bodies(fromClara)).containsExactly(tag + " is the pipeline deploy ready?");
        assertThat(json(fromClara).get("hits").get(0).get("authorHandle").asString()).isEqualTo("clara");
        assertThat(bodies(search(CLIENT, tag + " kind:question"))).hasSize(1);
        assertThat(bodies(search(CLIENT, tag + " kind:blocker has:code"))).hasSize(1);
        assertThat(bodies(search(CLIENT, "kubectl has:file in:" + chat.projectId))).hasSize(1);
        String today = LocalDate.now(ZoneOffset.UTC).toString();
        assertThat(bodies(search(CLIENT, tag + " on:" + today, "tz=UTC"))).hasSize(3);
        assertThat(bodies(search(CLIENT, tag + " before:" + today, "tz=UTC"))).isEmpty();
        String yesterday = LocalDate.now(ZoneOffset.UTC).minusDays(1).toString();
        assertThat(bodies(search(CLIENT, tag + " after:" + yesterday, "tz=UTC"))).hasSize(3);
        assertThat(bodies(search(CLIENT, tag + " after:" + today, "tz=UTC"))).isEmpty();
        // a day is the user's day: in UTC+14 the messages were posted on that zone's calendar day
        LocalDate kiritimati = LocalDate.now(java.time.ZoneId.of("Pacific/Kiritimati"));
        assertThat(bodies(search(CLIENT, tag + " on:" + kiritimati, "tz=Pacific/Kiritimati"))).hasSize(3);
        assertThat(bodies(search(CLIENT, tag + " on:" + kiritimati.minusDays(1), "tz=Pacific/Kiritimati"))).isEmpty();
        var highlighted = search(CLIENT, tag + " green");
        assertThat(json(highlighted).get("hits").get(0).get("highlights").get(0).asString()).contains("<em>green</em>");

        var first = search(CLIENT, tag, "limit=2", "sort=newest");
        assertThat(bodies(first)).hasSize(2);
        assertThat(json(first).get("total").asLong()).isEqualTo(3);
        assertThat(json(first).get("totalExact").asBoolean()).isTrue();
        String next = json(first).get("next").asString();
        var second = search(CLIENT, tag, "limit=2", "sort=newest", "after=" + next);
        assertThat(bodies(second)).hasSize(1).doesNotContainAnyElementsOf(bodies(first));
    }

    @Test
    void badQueriesAreClearClientErrors() {
        for (String[] bad : new String[][]{{"\"unbalanced", "not closed"}, {"x colour:red", "Unknown operator"},
                {"x before:yesterday", "before:"}, {"x kind:rant", "kind:"}, {"-only", "Only exclusions"}}) {
            var response = search(CLIENT, bad[0]);
            assertThat(response.statusCode()).as(bad[0]).isEqualTo(400);
            assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
            assertThat(response.body()).contains(bad[1]);
        }
        assertThat(search(CLIENT, "x", "tz=Mars/Olympus").statusCode()).isEqualTo(400);
        assertThat(search(CLIENT, "x", "after=!!!").statusCode()).isEqualTo(400);
    }

    @Test
    void editsAndDeletesPropagateAndReplayingChangesNothing() throws Exception {
        ChatStreamFixture chat = project();
        String tag = "e" + chat.projectId.substring(4);
        String id = chat.post(EXPERT.userId(), "EXPERT", tag + " original wording", Visibility.EVERYONE, MessageKind.GENERAL, List.of());
        String gone = chat.post(EXPERT.userId(), "EXPERT", tag + " soon deleted", Visibility.EVERYONE, MessageKind.GENERAL, List.of());
        chat.publish(new ChatEvent.MessageEdited(id, 2, tag + " revised wording", List.of()));
        chat.publish(new ChatEvent.MessageDeleted(gone));
        awaitSearch(CLIENT, tag, r -> bodies(r).equals(List.of(tag + " revised wording")));

        // the whole stream again, twice: stale and repeated events change nothing
        List<EventEnvelope<EventPayload>> all = chat.sent();
        indexer.apply(all);
        indexer.apply(all);
        indexer.rebuild(all, "chat-messages"); // straight to the index, past the projection's positions: its versions refuse them
        elasticsearch.indices().refresh(r -> r.index("chat-messages")); // so a wrong write would show now
        assertThat(bodies(search(CLIENT, tag))).containsExactly(tag + " revised wording");
        assertThat(bodies(search(CLIENT, tag + " original"))).isEmpty();
    }
}
