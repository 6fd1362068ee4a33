package org.projectchat.chat;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.projectchat.chat.ChatClient.CLIENT;
import static org.projectchat.chat.ChatClient.EXPERT;
import static org.projectchat.chat.ChatClient.EXPERT2;
import static org.projectchat.chat.ChatClient.MANAGER;
import static org.projectchat.chat.ChatClient.OPS;
import static org.projectchat.chat.ChatClient.OUTSIDER;
import static org.projectchat.chat.ChatClient.PLATFORM;

/** Every refusal is a problem+json 4xx with the right status, and nothing is appended. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RejectionsTest extends ChatServiceTest {

    @Autowired
    JdbcTemplate jdbc;

    String projectId;
    String expertMessage;

    @BeforeAll
    void world() {
        ChatClient chat = client();
        projectId = chat.openProject();
        expertMessage = chat.postMessage(EXPERT, projectId, "mine", "EVERYONE");
    }

    long events() {
        return jdbc.queryForObject("select count(*) from events", Long.class);
    }

    void refused(ChatClient.Response response, int status, String detail) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.raw().headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(response.body()).contains(detail).doesNotContain("Exception");
    }

    ChatClient.Response post(ChatClient.User user, String project, Object body) {
        return client().post(user, "/projects/" + project + "/messages", body);
    }

    @Test
    void writersWhoMayNotAreRefusedAndNothingIsAppended() {
        ChatClient chat = client();
        long before = events();
        refused(post(OUTSIDER, projectId, Map.of("body", "hi")), 403, "do not take part");
        refused(post(EXPERT, "prj-unknown-" + System.nanoTime(), Map.of("body", "hi")), 404, "No project chat");
        refused(post(EXPERT, projectId, Map.of("body", "x", "visibility", "INTERNAL")), 403, "may not post INTERNAL");
        refused(post(CLIENT, projectId, Map.of("body", "x", "visibility", "INTERNAL")), 403, "may not post INTERNAL");
        refused(post(MANAGER, projectId, Map.of("body", "x", "visibility", "INTERNAL")), 403, "may not post INTERNAL");
        refused(post(EXPERT, projectId, Map.of("body", "x", "visibility", "CLIENT_INTERNAL")), 403, "CLIENT_INTERNAL");
        refused(chat.send(EXPERT2, "PATCH", "/projects/" + projectId + "/messages/" + expertMessage, Map.of("body", "hijack")),
                403, "Only the author");
        refused(chat.send(CLIENT, "DELETE", "/projects/" + projectId + "/messages/" + expertMessage, null),
                403, "Only the author or ops");
        refused(chat.post(EXPERT, "/projects/" + projectId + "/participants", EXPERT2.asParticipant()), 403, "added by the platform");
        refused(chat.post(EXPERT, "/projects", Map.of("projectId", "prj-mine", "title", "t", "participants", List.of())),
                403, "Only the platform");
        assertThat(events()).isEqualTo(before);
    }

    @Test
    void badInputIsRefusedWithAClearProblemAndNothingIsAppended() {
        ChatClient chat = client();
        long before = events();
        refused(post(EXPERT, projectId, Map.of("body", "   ")), 400, "needs a body or an attachment");
        refused(post(EXPERT, projectId, Map.of("body", "x", "kind", "RANT")), 400, "kind");
        refused(post(EXPERT, projectId, Map.of("body", "x", "visibility", "SECRET")), 400, "visibility");
        refused(post(EXPERT, projectId, Map.of("body", "x", "attachmentFileIds", List.of("../../etc/passwd"))), 400, "UUID");
        refused(post(EXPERT, projectId, Map.of("body", "x", "colour", "red")), 400, "Unknown field 'colour'");
        refused(post(EXPERT, projectId, "{\"body\": 42}"), 400, "body");
        refused(post(EXPERT, projectId, "not json"), 400, "not valid JSON");
        refused(post(EXPERT, "bad%20id!", Map.of("body", "x")), 400, "project id");
        refused(chat.send(EXPERT, "PATCH", "/projects/" + projectId + "/messages/not-a-uuid", Map.of("body", "x")), 400, "UUID");
        refused(post(EXPERT, projectId, Map.of("body", "x".repeat(20_001))), 413, "at most 20000");
        refused(post(EXPERT, projectId, Map.of("body", "x".repeat(300_000))), 413, "exceeds");
        refused(post(EXPERT, projectId, Map.of("body", "Client silent for 3 days",
                "escalation", Map.of("reason", "CLIENT_UNRESPONSIVE", "resolutionSought", "a nudge"))), 422, "@Platform Ops");
        refused(post(EXPERT, projectId, Map.of("body", "x", "escalation", Map.of("reason", "BORED"))), 400, "reason");
        refused(chat.post(EXPERT, "/projects/" + projectId + "/read", Map.of("upToPosition", -1)), 400, "negative");
        assertThat(events()).isEqualTo(before);
    }

    @Test
    void anEscalationThatTagsARoleIsAccepted() {
        var response = post(EXPERT, projectId, Map.of("body", "@Platform Ops client silent for 3 days", "kind", "BLOCKER",
                "escalation", Map.of("reason", "CLIENT_UNRESPONSIVE", "resolutionSought", "a nudge to the client")));
        assertThat(response.status()).isEqualTo(201);
        var message = client().awaitOk(OPS, "/projects/" + projectId + "/messages/" + response.json().get("messageId").asString(),
                r -> true).json();
        assertThat(message.get("escalation").get("reason").asString()).isEqualTo("CLIENT_UNRESPONSIVE");
        assertThat(message.get("mentions").get(0).get("role").asString()).isEqualTo("PLATFORM_OPS");
    }

    @Test
    void theSameProjectCannotBeOpenedTwice() {
        var again = client().post(PLATFORM, "/projects", Map.of("projectId", projectId, "title", "again", "participants", List.of()));
        refused(again, 409, "already open");
    }
}
