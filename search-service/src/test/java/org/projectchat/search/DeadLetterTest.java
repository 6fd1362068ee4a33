package org.projectchat.search;

import org.junit.jupiter.api.Test;
import org.projectchat.baseline.ops.Poison;
import org.projectchat.contract.MessageKind;
import org.projectchat.contract.Topic;
import org.projectchat.contract.Visibility;
import org.projectchat.embedded.EmbeddedServersExtension;

import java.nio.charset.StandardCharsets;
import java.util.List;

/** Records the indexer cannot read, on either topic, go to its dead-letter topic; indexing goes on. */
class DeadLetterTest extends SearchServiceTest {

    @Test
    void poisonOnEachInputTopicIsSetAsideAndIndexingGoesOn() {
        String kafka = EmbeddedServersExtension.sharedStack().kafka().bootstrapServers();
        var chat = project();
        var onChat = Poison.send(kafka, Topic.CHAT_EVENTS.name(), chat.projectId, "{\"type\":".getBytes(StandardCharsets.UTF_8));
        var onFiles = Poison.send(kafka, Topic.FILE_EVENTS.name(), chat.projectId, "garbage".getBytes(StandardCharsets.UTF_8));
        Poison.awaitDeadLetter(kafka, "search-indexer", onChat);
        Poison.awaitDeadLetter(kafka, "search-indexer", onFiles);

        String word = "afterpoison" + chat.projectId.substring(4);
        chat.post(EXPERT.userId(), "EXPERT", word, Visibility.EVERYONE, MessageKind.GENERAL, List.of());
        awaitSearch(CLIENT, word, r -> bodies(r).size() == 1);
    }
}
