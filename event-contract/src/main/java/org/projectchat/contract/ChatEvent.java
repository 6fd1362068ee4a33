package org.projectchat.contract;

import java.util.List;
import java.util.Objects;

/**
 * Everything that happens in a project chat, published on {@code chat.events.v1}.
 * Records only grow: new fields are optional, so v1 readers and v1 events keep working.
 */
public sealed interface ChatEvent extends EventPayload {

    /** A participant as the platform knows them. */
    record Participant(String userId, String displayName, String handle, String email,
                       ParticipantRole role, String timeZone) {
        public Participant {
            Objects.requireNonNull(userId, "userId");
            Objects.requireNonNull(role, "role");
        }

        public Participant withRole(ParticipantRole newRole) {
            return new Participant(userId, displayName, handle, email, newRole, timeZone);
        }
    }

    /** A mention resolved on the server: a user, everyone who may see the message, or a role. */
    record Mention(MentionType type, String userId, String handle, ParticipantRole role) {
        public static Mention user(String userId, String handle) {
            return new Mention(MentionType.USER, userId, handle, null);
        }

        public static Mention channel() {
            return new Mention(MentionType.CHANNEL, null, "channel", null);
        }

        public static Mention role(ParticipantRole role) {
            return new Mention(MentionType.ROLE, null, null, role);
        }
    }

    enum MentionType { USER, CHANNEL, ROLE }

    /** An escalation raised with a message. */
    record Escalation(EscalationReason reason, String resolutionSought) {
    }

    /** An event about one message: posted, edited or deleted. */
    sealed interface MessageEvent extends ChatEvent {
        String messageId();

        @Override
        default String entityId() {
            return messageId();
        }
    }

    record ProjectChatOpened(String projectId, String title, List<Participant> participants) implements ChatEvent {
        public ProjectChatOpened {
            participants = List.copyOf(participants);
        }
    }

    record ParticipantAdded(Participant participant) implements ChatEvent {
    }

    record ParticipantRemoved(String userId) implements ChatEvent {
    }

    record ParticipantRoleChanged(String userId, ParticipantRole from, ParticipantRole to) implements ChatEvent {
    }

    /**
     * @param position        the message's place in the project's history (the stream version of this event)
     * @param clientMessageId the id the client chose, so that a retried post is recognised
     * @param priority        {@code NORMAL} unless the author marked it {@code URGENT}; absent (so normal) in events
     *                        written before it existed
     */
    record MessagePosted(String messageId, long position, String clientMessageId, String body, MessageKind kind,
                         Visibility visibility, List<String> attachmentFileIds, List<Mention> mentions,
                         Escalation escalation, Priority priority) implements MessageEvent {
        public MessagePosted {
            attachmentFileIds = attachmentFileIds == null ? List.of() : List.copyOf(attachmentFileIds);
            mentions = mentions == null ? List.of() : List.copyOf(mentions);
            priority = priority == null ? Priority.NORMAL : priority;
        }

        /** A post of normal priority. */
        public MessagePosted(String messageId, long position, String clientMessageId, String body, MessageKind kind,
                             Visibility visibility, List<String> attachmentFileIds, List<Mention> mentions,
                             Escalation escalation) {
            this(messageId, position, clientMessageId, body, kind, visibility, attachmentFileIds, mentions, escalation,
                    Priority.NORMAL);
        }
    }

    /** A new revision of a message's body; earlier revisions stay in the event history. */
    record MessageEdited(String messageId, int revision, String body, List<Mention> mentions) implements MessageEvent {
        public MessageEdited {
            mentions = mentions == null ? List.of() : List.copyOf(mentions);
        }
    }

    /** A tombstone: readers stop showing the message; its content stays for ops review. */
    record MessageDeleted(String messageId) implements MessageEvent {
    }

    /** A participant has read everything up to and including {@code upToPosition}. */
    record MessagesRead(String userId, long upToPosition) implements ChatEvent {
    }
}
