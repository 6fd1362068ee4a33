package org.projectchat.chat.domain;

import org.projectchat.contract.ChatEvent.Escalation;
import org.projectchat.contract.Priority;
import org.projectchat.contract.ChatEvent.Participant;
import org.projectchat.contract.MessageKind;
import org.projectchat.contract.ParticipantRole;
import org.projectchat.contract.Visibility;

import java.util.List;

/** What someone asks the chat to do. The decider turns a command into events or a rejection. */
public sealed interface ChatCommand {

    record OpenProjectChat(String projectId, String title, List<Participant> participants) implements ChatCommand {
    }

    record AddParticipant(Participant participant) implements ChatCommand {
    }

    record RemoveParticipant(String userId) implements ChatCommand {
    }

    record ChangeParticipantRole(String userId, ParticipantRole role) implements ChatCommand {
    }

    record PostMessage(String messageId, String clientMessageId, String body, MessageKind kind, Visibility visibility,
                       List<String> attachmentFileIds, Escalation escalation, Priority priority) implements ChatCommand {
        public PostMessage {
            priority = priority == null ? Priority.NORMAL : priority;
        }

        public PostMessage(String messageId, String clientMessageId, String body, MessageKind kind, Visibility visibility,
                           List<String> attachmentFileIds, Escalation escalation) {
            this(messageId, clientMessageId, body, kind, visibility, attachmentFileIds, escalation, Priority.NORMAL);
        }
    }

    record EditMessage(String messageId, String body) implements ChatCommand {
    }

    record DeleteMessage(String messageId) implements ChatCommand {
    }

    record MarkRead(long upToPosition) implements ChatCommand {
    }
}
