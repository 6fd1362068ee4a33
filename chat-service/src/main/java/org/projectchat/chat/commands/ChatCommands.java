package org.projectchat.chat.commands;

import org.projectchat.baseline.web.ApiProblem;
import org.projectchat.chat.attachments.ProjectFiles;
import org.projectchat.chat.domain.ChatCommand;
import org.projectchat.chat.domain.ChatDecider;
import org.projectchat.chat.domain.MessageFacts;
import org.projectchat.chat.domain.ProjectChat;
import org.projectchat.contract.Actor;
import org.projectchat.contract.ChatEvent;
import org.projectchat.contract.EventEnvelope;
import org.projectchat.contract.EventPayload;
import org.projectchat.contract.Ids;
import org.projectchat.contract.PlatformUser;
import org.projectchat.eventsourcing.command.CommandRunner;
import org.projectchat.eventsourcing.command.CommandRunner.Origin;
import org.projectchat.eventsourcing.command.CommandRunner.Outcome;
import org.projectchat.eventsourcing.store.EventStore;
import org.springframework.stereotype.Service;

import java.util.List;
import java.util.Objects;

/**
 * Runs chat commands through the kit's command runner (group commit) with what the decider needs beside the project's
 * state: the caller, and for an edit or a delete the facts of its message, loaded from the message's own events. A
 * post's attachments are awaited before it is queued; a retried post (same client message id) answers with the first.
 */
@Service
public class ChatCommands {

    private final CommandRunner<ChatDecider.Issued, ProjectChat, ChatEvent> runner;
    private final EventStore store;
    private final ProjectFiles files;

    public ChatCommands(CommandRunner<ChatDecider.Issued, ProjectChat, ChatEvent> runner, EventStore store, ProjectFiles files) {
        this.runner = runner;
        this.store = store;
        this.files = files;
    }

    /**
     * @param events   what was appended (empty for a no-op or a retried post)
     * @param replayed a retried post whose client message id was already used; nothing new was appended
     */
    public record Outcome(List<EventEnvelope<ChatEvent>> events, boolean replayed, String messageId, long position) {
    }

    public Outcome handle(String projectId, ChatCommand command, PlatformUser caller, Origin origin) {
        String idempotencyKey = null;
        if (command instanceof ChatCommand.PostMessage post) {
            if (post.attachmentFileIds() != null && post.attachmentFileIds().stream().allMatch(Ids::isUuid)) {
                files.requireUploadedTo(projectId, post.attachmentFileIds()); // before the project's turn: it may wait
            }
            if (post.clientMessageId() != null) {
                // length-prefixed, so no other author's id and client id run together into the same key
                idempotencyKey = "post:" + caller.userId().length() + ":" + caller.userId() + ":" + post.clientMessageId();
            }
        }
        var outcome = runner.handle(projectId, new CommandRunner.Request<>(
                state -> new ChatDecider.Issued(command, caller, target(projectId, command)),
                state -> actor(state, caller), origin, idempotencyKey, targetId(command)));
        return switch (outcome) {
            case CommandRunner.Outcome.Appended<ChatEvent>(var events) -> appended(events);
            case CommandRunner.Outcome.Repeated<ChatEvent>(var first) -> repeated((ChatCommand.PostMessage) command, first);
        };
    }

    private static Outcome appended(List<EventEnvelope<ChatEvent>> events) {
        if (!events.isEmpty() && events.getFirst().payload() instanceof ChatEvent.MessagePosted posted) {
            return new Outcome(events, false, posted.messageId(), posted.position());
        }
        return new Outcome(events, false, null, 0);
    }

    /** A client message id used again: the same post answers with the first; another post under it is refused. */
    private static Outcome repeated(ChatCommand.PostMessage post, EventEnvelope<EventPayload> first) {
        var posted = (ChatEvent.MessagePosted) first.payload();
        List<String> attachments = post.attachmentFileIds() == null ? List.of() : post.attachmentFileIds();
        boolean same = Objects.equals(posted.body(), post.body() == null ? "" : post.body()) && posted.kind() == post.kind()
                && posted.visibility() == post.visibility() && posted.attachmentFileIds().equals(attachments)
                && Objects.equals(posted.escalation(), post.escalation()) && posted.priority() == post.priority();
        if (!same) {
            throw ApiProblem.conflict("client-message-id-reused",
                    "clientMessageId " + post.clientMessageId() + " was used for another message; use a new one for a new message.")
                    .with("messageId", posted.messageId());
        }
        return new Outcome(List.of(), true, posted.messageId(), posted.position());
    }

    /** The message an edit or a delete acts on. */
    private static String targetId(ChatCommand command) {
        return switch (command) {
            case ChatCommand.EditMessage edit -> edit.messageId();
            case ChatCommand.DeleteMessage delete -> delete.messageId();
            default -> null;
        };
    }

    private MessageFacts target(String projectId, ChatCommand command) {
        String messageId = targetId(command);
        if (messageId == null) {
            return null;
        }
        List<EventEnvelope<EventPayload>> events = store.entity(projectId, messageId);
        return events.isEmpty() ? null : MessageFacts.of(events.stream().map(e -> (ChatEvent) e.payload()).toList(),
                events.stream().map(e -> e.actor().userId()).toList());
    }

    private static Actor actor(ProjectChat state, PlatformUser caller) {
        return new Actor(caller.userId(), caller.displayName(), ChatDecider.actorRole(state, caller));
    }
}
