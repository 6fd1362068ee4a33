package org.projectchat.chat.messages;

import org.projectchat.chat.attachments.AttachedFile;
import org.projectchat.contract.ChatEvent;

import java.time.Instant;
import java.util.List;

/**
 * A message as readers see it. For a deleted message, only ops see the content; everyone else
 * gets a tombstone (no body, attachments, mentions or escalation). {@code attachments} are the
 * attached files' ids, {@code files} what is known of them (name, type, size, an image's width and
 * height).
 */
public record MessageView(String messageId, String projectId, long position, String clientMessageId, Sender sender,
                          String kind, String visibility, String priority, String body, int revision, boolean edited,
                          List<String> attachments, List<AttachedFile> files, List<ChatEvent.Mention> mentions,
                          ChatEvent.Escalation escalation, Instant postedAt, Instant editedAt, boolean deleted,
                          Instant deletedAt, String deletedBy) {

    public record Sender(String userId, String displayName, String role) {
    }

    public MessageView tombstone() {
        return new MessageView(messageId, projectId, position, null, sender, kind, visibility, priority, null, revision, edited,
                List.of(), List.of(), List.of(), null, postedAt, editedAt, true, deletedAt, null);
    }

    public static MessageView posted(String projectId, ChatEvent.MessagePosted posted, List<AttachedFile> files,
                                     String authorId, String authorName, String authorRole, Instant at) {
        return new MessageView(posted.messageId(), projectId, posted.position(), posted.clientMessageId(),
                new Sender(authorId, authorName, authorRole), posted.kind().name(), posted.visibility().name(),
                posted.priority().name(), posted.body(), 1, false, posted.attachmentFileIds(), files, posted.mentions(), posted.escalation(), at,
                null, false, null, null);
    }
}
