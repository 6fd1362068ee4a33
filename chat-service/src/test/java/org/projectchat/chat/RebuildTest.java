package org.projectchat.chat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.projectchat.chat.ChatClient.CLIENT;
import static org.projectchat.chat.ChatClient.EXPERT;
import static org.projectchat.chat.ChatClient.OPS;
import static org.projectchat.chat.ChatClient.STAFF;

class RebuildTest extends ChatServiceTest {

    @Autowired
    JdbcTemplate jdbc;

    static final List<String> TABLES = List.of(
            "select * from projects order by project_id",
            "select * from project_rosters order by project_id",
            "select * from project_participants order by project_id, user_id",
            "select * from messages order by message_id",
            "select * from message_revisions order by message_id, revision",
            "select * from read_cursors order by project_id, user_id",
            "select * from projection_positions order by projection, topic, stream_id");

    Map<String, List<Map<String, Object>>> snapshot() {
        Map<String, List<Map<String, Object>>> all = new LinkedHashMap<>();
        TABLES.forEach(q -> all.put(q, jdbc.queryForList(q)));
        return all;
    }

    @Test
    void aRebuildFromTheTopicYieldsTablesIdenticalToTheOriginals() {
        ChatClient chat = client();
        String project = chat.openProject();
        String id = chat.postMessage(EXPERT, project, "first", "EVERYONE");
        chat.postMessage(OPS, project, "note", "INTERNAL");
        chat.send(EXPERT, "PATCH", "/projects/" + project + "/messages/" + id, Map.of("body", "first, edited"));
        String gone = chat.postMessage(CLIENT, project, "oops", "CLIENT_INTERNAL");
        chat.send(CLIENT, "DELETE", "/projects/" + project + "/messages/" + gone, null);
        chat.post(CLIENT, "/projects/" + project + "/read", Map.of("upToPosition", 3));
        chat.send(ChatClient.PLATFORM, "PUT", "/projects/" + project + "/participants/u-expert2/role", Map.of("role", "CLIENT"));
        long events = jdbc.queryForObject("select count(*) from events", Long.class);
        chat.awaitOk(STAFF, "/projects/" + project + "/unread",
                r -> jdbc.queryForObject("select coalesce(sum(version), 0) from projection_positions where projection = 'message-store'", Long.class) == events);
        var before = snapshot();

        assertThat(chat.post(EXPERT, "/admin/projections/message-store/rebuild", null).status()).isEqualTo(403);
        var started = chat.post(STAFF, "/admin/projections/message-store/rebuild", null);
        assertThat(started.status()).isEqualTo(202);
        assertThat(started.json().get("state").asString()).isIn("REBUILDING", "DONE");
        var done = chat.awaitOk(STAFF, "/admin/projections/message-store", r -> r.json().get("state").asString().equals("DONE"));
        assertThat(done.json().get("percent").asDouble()).isEqualTo(100.0);
        assertThat(done.json().get("events").asLong()).isGreaterThanOrEqualTo(events);

        chat.awaitOk(STAFF, "/projects/" + project + "/unread",
                r -> jdbc.queryForObject("select coalesce(sum(version), 0) from projection_positions where projection = 'message-store'", Long.class) == events);
        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void postsStoredWhileARebuildRunsAndSwapsAreAllInTheRebuiltStore() throws Exception {
        ChatClient chat = client();
        String project = chat.openProject();
        List<String> posted = new CopyOnWriteArrayList<>();
        AtomicBoolean posting = new AtomicBoolean(true);
        // posts go on before, during and after the rebuild: each is applied in its own transaction, to the live tables
        // of the moment, and whatever the replay did not see then reaches the new tables over the topic
        Thread poster = Thread.ofPlatform().start(() -> {
            while (posting.get()) {
                posted.add(chat.postMessage(EXPERT, project, "during " + posted.size(), "EVERYONE"));
            }
        });
        try {
            await().atMost(Duration.ofSeconds(20)).until(() -> posted.size() >= 5);
            assertThat(chat.post(STAFF, "/admin/projections/message-store/rebuild", null).status()).isEqualTo(202);
            chat.awaitOk(STAFF, "/admin/projections/message-store", r -> r.json().get("state").asString().equals("DONE"));
            int atSwap = posted.size();
            await().atMost(Duration.ofSeconds(20)).until(() -> posted.size() >= atSwap + 5);
        } finally {
            posting.set(false);
            poster.join();
        }
        long events = jdbc.queryForObject("select count(*) from events", Long.class);
        chat.awaitOk(STAFF, "/projects/" + project + "/unread",
                r -> jdbc.queryForObject("select coalesce(sum(version), 0) from projection_positions where projection = 'message-store'", Long.class) == events);
        assertThat(jdbc.queryForList("select message_id from messages where project_id = ?", String.class, project))
                .containsExactlyInAnyOrderElementsOf(posted);
        assertThat(jdbc.queryForObject("select count(*) from feed where project_id = ? and type = 'message.posted'", Long.class, project))
                .isEqualTo(posted.size());
    }
}
