package org.projectchat.chat;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.projectchat.chat.ChatClient.CLIENT;
import static org.projectchat.chat.ChatClient.EXPERT;
import static org.projectchat.chat.ChatClient.EXPERT2;
import static org.projectchat.chat.ChatClient.OPS;

/** Edits keep their history, deletes leave tombstones with content for ops, unread counts follow reads. */
class MessageLifecycleTest extends ChatServiceTest {

    @Test
    void editsKeepEarlierVersionsForTheAuthorAndOps() {
        ChatClient chat = client();
        String project = chat.openProject();
        String id = chat.postMessage(EXPERT, project, "ETA friday", "EVERYONE");
        assertThat(chat.send(EXPERT, "PATCH", "/projects/" + project + "/messages/" + id, Map.of("body", "ETA monday")).status())
                .isEqualTo(200);
        var edited = chat.awaitOk(CLIENT, "/projects/" + project + "/messages/" + id, r -> r.json().get("revision").asInt() == 2);
        assertThat(edited.json().get("body").asString()).isEqualTo("ETA monday");
        assertThat(edited.json().get("edited").asBoolean()).isTrue();

        var revisions = chat.get(EXPERT, "/projects/" + project + "/messages/" + id + "/revisions");
        assertThat(revisions.status()).isEqualTo(200);
        assertThat(revisions.json().get(0).get("body").asString()).isEqualTo("ETA friday");
        assertThat(revisions.json().get(1).get("body").asString()).isEqualTo("ETA monday");
        assertThat(chat.get(OPS, "/projects/" + project + "/messages/" + id + "/revisions").status()).isEqualTo(200);
        assertThat(chat.get(CLIENT, "/projects/" + project + "/messages/" + id + "/revisions").status()).isEqualTo(403);
    }

    @Test
    void aDeletedMessageIsATombstoneForParticipantsAndKeepsItsContentForOps() {
        ChatClient chat = client();
        String project = chat.openProject();
        String id = chat.postMessage(EXPERT, project, "regrettable remark", "EVERYONE");
        assertThat(chat.send(EXPERT, "DELETE", "/projects/" + project + "/messages/" + id, null).status()).isEqualTo(200);
        var forClient = chat.awaitOk(CLIENT, "/projects/" + project + "/messages/" + id, r -> r.json().get("deleted").asBoolean());
        assertThat(forClient.json().get("body").isNull() || !forClient.json().has("body")).isTrue();
        assertThat(forClient.body()).doesNotContain("regrettable");
        var forOps = chat.get(OPS, "/projects/" + project + "/messages/" + id);
        assertThat(forOps.json().get("body").asString()).isEqualTo("regrettable remark");
        assertThat(forOps.json().get("deletedBy").asString()).isEqualTo(EXPERT.userId());

        assertThat(chat.get(CLIENT, "/projects/" + project + "/export?format=jsonl").body()).doesNotContain("regrettable");
        assertThat(chat.get(OPS, "/projects/" + project + "/export?format=jsonl").body()).contains("regrettable remark");
        assertThat(chat.get(OPS, "/projects/" + project + "/export?format=html").body()).contains("regrettable remark")
                .contains("Deleted");
        // deleting again is a no-op; another expert may not delete it
        assertThat(chat.send(EXPERT, "DELETE", "/projects/" + project + "/messages/" + id, null).status()).isEqualTo(200);
    }

    @Test
    void opsMayDeleteAnyMessage() {
        ChatClient chat = client();
        String project = chat.openProject();
        String id = chat.postMessage(CLIENT, project, "spam", "EVERYONE");
        assertThat(chat.send(OPS, "DELETE", "/projects/" + project + "/messages/" + id, null).status()).isEqualTo(200);
    }

    @Test
    void unreadCountsFollowWhatOthersPostAndWhatIsRead() {
        ChatClient chat = client();
        String project = chat.openProject();
        chat.postMessage(EXPERT, project, "one", "EVERYONE");
        chat.postMessage(EXPERT, project, "two", "EVERYONE");
        chat.postMessage(OPS, project, "ops only", "INTERNAL");
        chat.postMessage(CLIENT, project, "my own", "EVERYONE");
        var unread = chat.awaitOk(CLIENT, "/projects/" + project + "/unread", r -> r.json().get("unread").asLong() == 2);
        long last = unread.json().get("lastPosition").asLong();
        chat.awaitOk(EXPERT2, "/projects/" + project + "/unread", r -> r.json().get("unread").asLong() == 3);

        assertThat(chat.post(CLIENT, "/projects/" + project + "/read", Map.of("upToPosition", last)).status()).isEqualTo(200);
        chat.awaitOk(CLIENT, "/projects/" + project + "/unread", r -> r.json().get("unread").asLong() == 0);
        var mine = chat.get(CLIENT, "/me/unread");
        assertThat(mine.status()).isEqualTo(200);
        assertThat(mine.body()).contains(project);
    }

    @Test
    void historyScrollsUpWithACursor() {
        ChatClient chat = client();
        String project = chat.openProject();
        for (int i = 1; i <= 5; i++) {
            chat.postMessage(EXPERT, project, "m" + i, "EVERYONE");
        }
        var first = chat.awaitOk(CLIENT, "/projects/" + project + "/messages?limit=2", r -> r.json().get("items").size() == 2
                && r.json().get("items").get(0).get("body").asString().equals("m5"));
        long before = first.json().get("nextBefore").asLong();
        var second = chat.get(CLIENT, "/projects/" + project + "/messages?limit=2&before=" + before);
        assertThat(second.json().get("items").get(0).get("body").asString()).isEqualTo("m3");
        assertThat(second.json().get("items").get(1).get("body").asString()).isEqualTo("m2");
        var third = chat.get(CLIENT, "/projects/" + project + "/messages?limit=2&before=" + second.json().get("nextBefore").asLong());
        assertThat(third.json().get("items").size()).isEqualTo(1);
        assertThat(third.json().get("nextBefore").isNull() || !third.json().has("nextBefore")).isTrue();
    }

    @Test
    void theHtmlTranscriptEscapesBodiesAndKeepsCodeBlocks() {
        ChatClient chat = client();
        String project = chat.openProject();
        chat.postMessage(EXPERT, project, "<script>alert(1)</script>\n```js\nif (a < b) { run(); }\n```", "EVERYONE");
        chat.postMessage(CLIENT, project, "=HYPERLINK(\"http://evil\")", "EVERYONE");
        chat.awaitOk(CLIENT, "/projects/" + project + "/messages", r -> r.json().get("items").size() == 2);
        var html = chat.get(CLIENT, "/projects/" + project + "/export?format=html");
        assertThat(html.raw().headers().firstValue("Content-Disposition").orElse("")).contains("attachment");
        assertThat(html.body()).doesNotContain("<script>").contains("&lt;script&gt;")
                .contains("<pre><code class=\"language-js\">if (a &lt; b) { run(); }");
        var csv = chat.get(CLIENT, "/projects/" + project + "/export?format=csv");
        assertThat(csv.body()).contains("\"'=HYPERLINK(\"\"http://evil\"\")\"");
    }
}
