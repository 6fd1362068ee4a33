package org.projectchat.chat;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.projectchat.chat.ChatClient.User;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.projectchat.chat.ChatClient.CLIENT;
import static org.projectchat.chat.ChatClient.EXPERT;
import static org.projectchat.chat.ChatClient.EXPERT2;
import static org.projectchat.chat.ChatClient.MANAGER;
import static org.projectchat.chat.ChatClient.OPS;
import static org.projectchat.chat.ChatClient.STAFF;

/**
 * For each role and each visibility, every read path returns exactly what the rule allows:
 * history, one message, the live stream (resumed from the start), the user stream, and export.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VisibilityMatrixTest extends ChatServiceTest {

    String projectId;
    final Map<String, String> messageIdsByBody = new LinkedHashMap<>();

    static final String EVERYONE = "everyone: kickoff at 10";
    static final String CLIENT_SIDE = "client-internal: budget is tight";
    static final String INTERNAL = "internal: expert flagged for review";
    static final String MANAGER_NOTE = "client-internal: renewal in Q3";

    @BeforeAll
    void world() {
        ChatClient chat = client();
        projectId = chat.openProject();
        messageIdsByBody.put(EVERYONE, chat.postMessage(EXPERT, projectId, EVERYONE, "EVERYONE"));
        messageIdsByBody.put(CLIENT_SIDE, chat.postMessage(CLIENT, projectId, CLIENT_SIDE, "CLIENT_INTERNAL"));
        messageIdsByBody.put(INTERNAL, chat.postMessage(OPS, projectId, INTERNAL, "INTERNAL"));
        messageIdsByBody.put(MANAGER_NOTE, chat.postMessage(MANAGER, projectId, MANAGER_NOTE, "CLIENT_INTERNAL"));
        chat.awaitOk(STAFF, "/projects/" + projectId + "/messages", r -> r.json().get("items").size() == 4);
    }

    static Stream<Object[]> readers() {
        Set<String> expertSees = Set.of(EVERYONE);
        Set<String> clientSees = Set.of(EVERYONE, CLIENT_SIDE, MANAGER_NOTE);
        Set<String> opsSees = Set.of(EVERYONE, CLIENT_SIDE, INTERNAL, MANAGER_NOTE);
        return Stream.of(
                new Object[]{EXPERT, expertSees},
                new Object[]{EXPERT2, expertSees},
                new Object[]{CLIENT, clientSees},
                new Object[]{MANAGER, clientSees},
                new Object[]{OPS, opsSees},
                new Object[]{STAFF, opsSees});
    }

    @ParameterizedTest(name = "{0} history and single messages")
    @MethodSource("readers")
    void historyAndSingleMessagesShowExactlyWhatTheRuleAllows(User reader, Set<String> allowed) {
        ChatClient chat = client();
        var history = chat.get(reader, "/projects/" + projectId + "/messages");
        assertThat(history.status()).isEqualTo(200);
        assertThat(bodies(history.json().get("items"))).containsExactlyInAnyOrderElementsOf(allowed);
        messageIdsByBody.forEach((body, id) -> {
            var one = chat.get(reader, "/projects/" + projectId + "/messages/" + id);
            if (allowed.contains(body)) {
                assertThat(one.status()).as(body).isEqualTo(200);
                assertThat(one.json().get("body").asString()).isEqualTo(body);
            } else {
                assertThat(one.status()).as(body).isEqualTo(404);
                assertThat(one.body()).doesNotContain(body);
            }
        });
    }

    @ParameterizedTest(name = "{0} live stream")
    @MethodSource("readers")
    void theLiveStreamResumedFromTheStartCarriesExactlyWhatTheRuleAllows(User reader, Set<String> allowed) throws Exception {
        ChatClient chat = client();
        try (var stream = chat.stream(reader, "/projects/" + projectId + "/stream", "0")) {
            assertThat(stream.status).isEqualTo(200);
            var posted = stream.collect(e -> "message.posted".equals(e.event()), allowed.size(), Duration.ofMillis(400)).stream()
                    .filter(e -> "message.posted".equals(e.event()))
                    .map(e -> e.json().get("message").get("body").asString()).toList();
            assertThat(posted).containsExactlyInAnyOrderElementsOf(allowed);
        }
        try (var mine = chat.stream(reader, "/me/stream", "0")) {
            var posted = mine.collect(e -> "message.posted".equals(e.event()) && projectId.equals(e.json().get("projectId").asString()),
                            allowed.size(), Duration.ofMillis(400)).stream()
                    .filter(e -> "message.posted".equals(e.event()))
                    .filter(e -> projectId.equals(e.json().get("projectId").asString()))
                    .map(e -> e.json().get("message").get("body").asString()).toList();
            assertThat(posted).containsExactlyInAnyOrderElementsOf(allowed);
        }
    }

    @ParameterizedTest(name = "{0} export")
    @MethodSource("readers")
    void everyExportFormatContainsExactlyWhatTheRuleAllows(User reader, Set<String> allowed) {
        ChatClient chat = client();
        var jsonl = chat.get(reader, "/projects/" + projectId + "/export?format=jsonl");
        assertThat(jsonl.status()).isEqualTo(200);
        Set<String> exported = jsonl.body().lines()
                .map(line -> chat.postJson(line).get("message").get("body").asString()).collect(Collectors.toSet());
        assertThat(exported).containsExactlyInAnyOrderElementsOf(allowed);
        for (String format : List.of("csv", "html")) {
            var export = chat.get(reader, "/projects/" + projectId + "/export?format=" + format);
            assertThat(export.status()).isEqualTo(200);
            for (String body : messageIdsByBody.keySet()) {
                if (allowed.contains(body)) {
                    assertThat(export.body()).as(format).contains(body);
                } else {
                    assertThat(export.body()).as(format).doesNotContain(body);
                }
            }
        }
    }

    @Test
    void outsidersAndRemovedParticipantsSeeNothing() throws Exception {
        ChatClient chat = client();
        String project = chat.openProject();
        chat.postMessage(EXPERT, project, "before removal", "EVERYONE");
        assertThat(chat.send(ChatClient.PLATFORM, "DELETE", "/projects/" + project + "/participants/" + EXPERT2.userId(), null).status())
                .isEqualTo(200);
        chat.await(EXPERT2, "/projects/" + project + "/messages", r -> r.status() == 403);
        for (User user : List.of(ChatClient.OUTSIDER, EXPERT2)) {
            for (String path : List.of("/messages", "/participants", "/unread", "/export?format=jsonl", "/stream")) {
                var response = chat.get(user, "/projects/" + project + path);
                assertThat(response.status()).as(user.userId() + " " + path).isEqualTo(403);
                assertThat(response.body()).doesNotContain("before removal");
            }
            try (var mine = chat.stream(user, "/me/stream", "0")) {
                assertThat(mine.drain(Duration.ofMillis(800)).stream()
                        .filter(e -> e.data().contains(project) && "message.posted".equals(e.event()))).isEmpty();
            }
        }
        assertThat(chat.get(ChatClient.OUTSIDER, "/projects/prj-does-not-exist/messages").status()).isEqualTo(404);
    }

    static Set<String> bodies(JsonNode items) {
        return StreamSupport.stream(items.spliterator(), false).map(m -> m.get("body").asString())
                .collect(Collectors.toCollection(HashSet::new));
    }
}
