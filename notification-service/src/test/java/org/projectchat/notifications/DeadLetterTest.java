package org.projectchat.notifications;

import org.junit.jupiter.api.Test;
import org.projectchat.baseline.ops.Poison;
import org.projectchat.contract.Topic;

import java.nio.charset.StandardCharsets;

/** A record the intake cannot read goes to its dead-letter topic; notifications go on. */
class DeadLetterTest extends NotificationServiceTest {

    @Test
    void poisonOnTheInputTopicIsSetAsideAndNotifyingGoesOn() {
        String kafka = stack().kafka().bootstrapServers();
        Project p = project();
        var poison = Poison.send(kafka, Topic.CHAT_EVENTS.name(), p.id, "{\"type\":\"MessagePosted\"".getBytes(StandardCharsets.UTF_8));
        Poison.awaitDeadLetter(kafka, "notification-intake", poison);
        p.mention(p.erik, p.clara, "@clara after the poison");
        awaitInbox(p.clara, 1);
    }
}
