package org.projectchat.chat;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.projectchat.chat.ChatClient.CLIENT;
import static org.projectchat.chat.ChatClient.EXPERT;

class LiveStreamResumeTest extends ChatServiceTest {

    @Test
    void aStreamOpensAtOnceThoughNothingHappens() throws Exception {
        ChatClient chat = client();
        String project = chat.openProject();
        // well within the 15 s heartbeat: the response does not wait for a first event
        assertThat(chat.streamOpensWithin(CLIENT, "/projects/" + project + "/stream", Duration.ofSeconds(5))).isEqualTo(200);
        assertThat(chat.streamOpensWithin(CLIENT, "/me/stream", Duration.ofSeconds(5))).isEqualTo(200);
    }

    @Test
    void resumingWithLastEventIdDeliversWhatWasMissedWithNoGapAndNoDuplicate() throws Exception {
        ChatClient chat = client();
        String project = chat.openProject();
        List<String> received = new ArrayList<>();
        String lastId;
        try (var stream = chat.stream(CLIENT, "/projects/" + project + "/stream", "0")) {
            chat.postMessage(EXPERT, project, "m1", "EVERYONE");
            chat.postMessage(EXPERT, project, "m2", "EVERYONE");
            var m1 = stream.next(e -> "message.posted".equals(e.event()));
            var m2 = stream.next(e -> "message.posted".equals(e.event()));
            received.add(m1.json().get("message").get("body").asString());
            received.add(m2.json().get("message").get("body").asString());
            lastId = m2.id();
        }
        // offline: three more messages
        for (int i = 3; i <= 5; i++) {
            chat.postMessage(EXPERT, project, "m" + i, "EVERYONE");
        }
        chat.awaitOk(CLIENT, "/projects/" + project + "/messages", r -> r.json().get("items").size() == 5);
        try (var resumed = chat.stream(CLIENT, "/projects/" + project + "/stream", lastId)) {
            chat.postMessage(EXPERT, project, "m6", "EVERYONE"); // arrives live, after the catch-up
            long previous = Long.parseLong(lastId);
            for (var event : resumed.drain(Duration.ofMillis(1500))) {
                assertThat(Long.parseLong(event.id())).as("ids only grow").isGreaterThan(previous);
                previous = Long.parseLong(event.id());
                if ("message.posted".equals(event.event())) {
                    received.add(event.json().get("message").get("body").asString());
                }
            }
        }
        assertThat(received).containsExactly("m1", "m2", "m3", "m4", "m5", "m6");
    }

    @Test
    void aBadLastEventIdIsAClientError() {
        ChatClient chat = client();
        String project = chat.openProject();
        var response = chat.send(CLIENT, "GET", "/projects/" + project + "/stream?lastEventId=yesterday", null);
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.body()).contains("Last-Event-ID");
    }
}
