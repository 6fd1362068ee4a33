package org.projectchat.bench;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The open loop's listener finds each stored post by the client's id in its feed item. */
class FeedItemTest {

    @Test
    void aPostedItemGivesItsMessagesClientId() {
        // a feed item as chat-service wrote it in a bench run (body shortened)
        String item = """
                {"type":"message.posted","version":4927,"occurredAt":"2026-12-06T23:19:29.994645574Z","projectId":"bench-55",\
                "message":{"messageId":"01a24da7-c3c9-7899-a526-014058008074","projectId":"bench-55","position":4927,\
                "clientMessageId":"d2ccfddf-0f98-4e97-89e7-c3ba2c90a557","sender":{"userId":"u-erik",\
                "displayName":"Erik Expert","role":"EXPERT"},"kind":"GENERAL","visibility":"EVERYONE","body":"Daily update"}}""";

        assertThat(ChatBenchmark.clientMessageId(item)).isEqualTo("d2ccfddf-0f98-4e97-89e7-c3ba2c90a557");
        assertThat(ChatBenchmark.clientMessageId("{\"type\":\"message.posted\",\"message\":{\"body\":\"x\"}}")).isNull();
    }
}
