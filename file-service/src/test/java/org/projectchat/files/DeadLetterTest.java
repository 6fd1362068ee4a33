package org.projectchat.files;

import org.junit.jupiter.api.Test;
import org.projectchat.baseline.ops.Poison;
import org.projectchat.contract.EventJson;
import org.projectchat.contract.Topic;
import org.projectchat.contract.Visibility;
import org.projectchat.embedded.EmbeddedServersExtension;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** A chat event file-service cannot read goes to its dead-letter topic, and downloads keep following the chat. */
class DeadLetterTest extends FileServiceTest {

    @Test
    void poisonOnTheChatTopicIsSetAsideAndTheConsumerGoesOn() {
        String kafka = EmbeddedServersExtension.sharedStack().kafka().bootstrapServers();
        var chat = openProject();
        var poison = Poison.send(kafka, Topic.CHAT_EVENTS.name(), chat.projectId, "[1, 2".getBytes(StandardCharsets.UTF_8));
        Poison.awaitDeadLetter(kafka, "file-service-access", poison);

        String fileId = EventJson.mapper().readTree(upload(EXPERT, chat.projectId, "after.txt", "after".getBytes()).body())
                .get("fileId").asString();
        chat.attach(EXPERT, Visibility.EVERYONE, fileId);
        assertThat(download(CLIENT, chat.projectId, fileId).statusCode()).isEqualTo(200);
    }
}
