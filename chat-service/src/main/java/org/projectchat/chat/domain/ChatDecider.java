package org.projectchat.chat.domain;

import org.projectchat.contract.ChatEvent;
import org.projectchat.contract.ChatEvent.Participant;
import org.projectchat.contract.Ids;
import org.projectchat.contract.ParticipantRole;
import org.projectchat.contract.PlatformUser;
import org.projectchat.contract.VisibilityRule;
import org.projectchat.eventsourcing.decider.Decider;
import org.projectchat.eventsourcing.decider.Decision;
import org.projectchat.eventsourcing.decider.Rejection;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The rules of a project chat as pure functions: a command, who issues it and (for edits and deletes) the facts of
 * its target message, with the project's state, give events or a rejection. No I/O, no clock, no Spring.
 */
public final class ChatDecider implements Decider<ChatDecider.Issued, ProjectChat, ChatEvent> {

    /**
     * A command as issued.
     *
     * @param target for edits and deletes, the facts of the message (null when there is no such message)
     */
    public record Issued(ChatCommand command, PlatformUser caller, MessageFacts target) {
    }

    /** Longest message body, in characters; longer bodies are refused with 413. */
    public static final int MAX_BODY_CHARS = 20_000;
    public static final int MAX_ATTACHMENTS = 10;
    public static final int MAX_TITLE_CHARS = 200;
    private static final Pattern HANDLE = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9._-]{0,62}[A-Za-z0-9_])?");

    @Override
    public ProjectChat initialState(String projectId) {
        return ProjectChat.initial(projectId);
    }

    @Override
    public ProjectChat evolve(ProjectChat state, ChatEvent event) {
        return state.evolve(event);
    }

    /** Only the participant events change the state; messages are decided on their own facts. */
    @Override
    public List<Class<? extends ChatEvent>> evolvingTypes() {
        return List.of(ChatEvent.ProjectChatOpened.class, ChatEvent.ParticipantAdded.class,
                ChatEvent.ParticipantRemoved.class, ChatEvent.ParticipantRoleChanged.class);
    }

    @Override
    public Decision<ChatEvent> decide(Issued issued, ProjectChat state, long version) {
        PlatformUser caller = issued.caller();
        if (!(issued.command() instanceof ChatCommand.OpenProjectChat) && !state.opened()) {
            return Decision.reject(Rejection.notFound("unknown-project", "No project chat " + state.projectId() + "."));
        }
        return switch (issued.command()) {
            case ChatCommand.OpenProjectChat open -> open(open, state, caller);
            case ChatCommand.AddParticipant add -> addParticipant(add, state, caller);
            case ChatCommand.RemoveParticipant remove -> removeParticipant(remove, state, caller);
            case ChatCommand.ChangeParticipantRole change -> changeRole(change, state, caller);
            case ChatCommand.PostMessage post -> post(post, state, version, caller);
            case ChatCommand.EditMessage edit -> edit(edit, state, caller, issued.target());
            case ChatCommand.DeleteMessage delete -> delete(delete, state, caller, issued.target());
            case ChatCommand.MarkRead read -> markRead(read, state, version, caller);
        };
    }

    private static Decision<ChatEvent> open(ChatCommand.OpenProjectChat open, ProjectChat state, PlatformUser caller) {
        if (!caller.mayManageProjects()) {
            return Decision.reject(Rejection.forbidden("not-platform", "Only the platform or ops open project chats."));
        }
        if (state.opened()) {
            return Decision.reject(Rejection.conflict("already-open", "Project chat " + state.projectId() + " is already open."));
        }
        if (open.title() == null || open.title().isBlank() || open.title().length() > MAX_TITLE_CHARS) {
            return Decision.reject(Rejection.invalid("invalid-title", "A title of 1 to " + MAX_TITLE_CHARS + " characters is required."));
        }
        Set<String> ids = new HashSet<>();
        Set<String> handles = new HashSet<>();
        for (Participant p : open.participants()) {
            Rejection invalid = validate(p);
            if (invalid != null) {
                return Decision.reject(invalid);
            }
            if (!ids.add(p.userId()) || !handles.add(p.handle().toLowerCase(Locale.ROOT))) {
                return Decision.reject(Rejection.invalid("duplicate-participant",
                        "Participant " + p.userId() + " (@" + p.handle() + ") is listed twice."));
            }
        }
        return Decision.accept(new ChatEvent.ProjectChatOpened(state.projectId(), open.title().strip(), open.participants()));
    }

    private static Rejection validate(Participant p) {
        if (p.userId() == null || p.userId().isBlank() || p.userId().length() > 200) {
            return Rejection.invalid("invalid-participant", "A participant needs a user id.");
        }
        if (p.handle() == null || !HANDLE.matcher(p.handle()).matches()) {
            return Rejection.invalid("invalid-handle", "Handle of " + p.userId()
                    + " must be 1-64 letters, digits, '.', '_' or '-'.");
        }
        if (p.role() == null) {
            return Rejection.invalid("invalid-role", "Participant " + p.userId() + " needs a role.");
        }
        return null;
    }

    /** Participants are managed by the platform or by ops, never by themselves. */
    private static boolean mayManageParticipants(ProjectChat state, PlatformUser caller) {
        return caller.mayManageProjects() || state.participant(caller.userId())
                .map(p -> p.role() == ParticipantRole.PLATFORM_OPS).orElse(false);
    }

    private static Decision<ChatEvent> addParticipant(ChatCommand.AddParticipant add, ProjectChat state, PlatformUser caller) {
        if (!mayManageParticipants(state, caller)) {
            return Decision.reject(Rejection.forbidden("not-platform", "Participants are added by the platform or ops."));
        }
        Participant p = add.participant();
        Rejection invalid = validate(p);
        if (invalid != null) {
            return Decision.reject(invalid);
        }
        if (state.participant(p.userId()).isPresent()) {
            return Decision.reject(Rejection.conflict("already-participant", p.userId() + " already takes part."));
        }
        boolean handleTaken = state.participants().values().stream()
                .anyMatch(other -> other.handle() != null && other.handle().equalsIgnoreCase(p.handle()));
        if (handleTaken) {
            return Decision.reject(Rejection.conflict("handle-taken", "@" + p.handle() + " is taken in this project."));
        }
        return Decision.accept(new ChatEvent.ParticipantAdded(p));
    }

    private static Decision<ChatEvent> removeParticipant(ChatCommand.RemoveParticipant remove, ProjectChat state, PlatformUser caller) {
        if (!mayManageParticipants(state, caller)) {
            return Decision.reject(Rejection.forbidden("not-platform", "Participants are removed by the platform or ops."));
        }
        if (state.participant(remove.userId()).isEmpty()) {
            return Decision.reject(Rejection.notFound("unknown-participant", remove.userId() + " does not take part."));
        }
        return Decision.accept(new ChatEvent.ParticipantRemoved(remove.userId()));
    }

    private static Decision<ChatEvent> changeRole(ChatCommand.ChangeParticipantRole change, ProjectChat state, PlatformUser caller) {
        if (!mayManageParticipants(state, caller)) {
            return Decision.reject(Rejection.forbidden("not-platform", "Roles are changed by the platform or ops."));
        }
        if (change.role() == null) {
            return Decision.reject(Rejection.invalid("invalid-role", "A role is required."));
        }
        return state.participant(change.userId())
                .map(p -> p.role() == change.role()
                        ? Decision.<ChatEvent>nothing()
                        : Decision.<ChatEvent>accept(new ChatEvent.ParticipantRoleChanged(p.userId(), p.role(), change.role())))
                .orElseGet(() -> Decision.reject(Rejection.notFound("unknown-participant", change.userId() + " does not take part.")));
    }

    private static Decision<ChatEvent> post(ChatCommand.PostMessage post, ProjectChat state, long version, PlatformUser caller) {
        VisibilityRule.Reader writer = state.readerFor(caller);
        if (writer.projectRole() == null && !caller.isStaff()) {
            return Decision.reject(Rejection.forbidden("not-participant", "You do not take part in this project chat."));
        }
        if (post.kind() == null || post.visibility() == null) {
            return Decision.reject(Rejection.invalid("invalid-message", "A message needs a kind and a visibility."));
        }
        if (!VisibilityRule.mayWrite(writer, post.visibility())) {
            return Decision.reject(Rejection.forbidden("visibility-not-allowed",
                    "Your role may not post " + post.visibility() + " messages."));
        }
        String body = post.body() == null ? "" : post.body();
        List<String> attachments = post.attachmentFileIds() == null ? List.of() : post.attachmentFileIds();
        if (body.isBlank() && attachments.isEmpty()) {
            return Decision.reject(Rejection.invalid("empty-message", "A message needs a body or an attachment."));
        }
        if (body.length() > MAX_BODY_CHARS) {
            return Decision.reject(Rejection.tooLarge("body-too-long",
                    "A message body may have at most " + MAX_BODY_CHARS + " characters."));
        }
        if (attachments.size() > MAX_ATTACHMENTS || attachments.stream().anyMatch(id -> !Ids.isUuid(id))
                || attachments.stream().distinct().count() != attachments.size()) {
            return Decision.reject(Rejection.invalid("invalid-attachments",
                    "Attachments are up to " + MAX_ATTACHMENTS + " distinct file ids (UUIDs)."));
        }
        if (post.clientMessageId() != null && (post.clientMessageId().isBlank() || post.clientMessageId().length() > 100)) {
            return Decision.reject(Rejection.invalid("invalid-client-id", "clientMessageId has 1 to 100 characters."));
        }
        var mentions = Mentions.parse(body, state.participants().values());
        if (post.escalation() != null) {
            if (post.escalation().reason() == null) {
                return Decision.reject(Rejection.invalid("invalid-escalation", "An escalation needs a reason."));
            }
            if (!Mentions.mentionsARole(mentions)) {
                return Decision.reject(Rejection.unprocessable("escalation-without-role-mention",
                        "An escalation must tag @Platform Ops or @Account Manager."));
            }
        }
        return Decision.accept(new ChatEvent.MessagePosted(post.messageId(), version + 1, post.clientMessageId(),
                body, post.kind(), post.visibility(), attachments, mentions, post.escalation(), post.priority()));
    }

    private static Decision<ChatEvent> edit(ChatCommand.EditMessage edit, ProjectChat state, PlatformUser caller, MessageFacts target) {
        VisibilityRule.Reader reader = state.readerFor(caller);
        if (reader.projectRole() == null && !caller.isStaff()) {
            return Decision.reject(Rejection.forbidden("not-participant", "You do not take part in this project chat."));
        }
        if (target == null || target.deleted() || !VisibilityRule.maySee(reader, target.visibility())) {
            return Decision.reject(Rejection.notFound("unknown-message", "No message " + edit.messageId() + "."));
        }
        if (!target.authorId().equals(caller.userId())) {
            return Decision.reject(Rejection.forbidden("not-author", "Only the author edits a message."));
        }
        String body = edit.body() == null ? "" : edit.body();
        if (body.isBlank()) {
            return Decision.reject(Rejection.invalid("empty-message", "An edited message needs a body."));
        }
        if (body.length() > MAX_BODY_CHARS) {
            return Decision.reject(Rejection.tooLarge("body-too-long",
                    "A message body may have at most " + MAX_BODY_CHARS + " characters."));
        }
        return Decision.accept(new ChatEvent.MessageEdited(target.messageId(), target.revision() + 1, body,
                Mentions.parse(body, state.participants().values())));
    }

    private static Decision<ChatEvent> delete(ChatCommand.DeleteMessage delete, ProjectChat state, PlatformUser caller, MessageFacts target) {
        VisibilityRule.Reader reader = state.readerFor(caller);
        if (reader.projectRole() == null && !caller.isStaff()) {
            return Decision.reject(Rejection.forbidden("not-participant", "You do not take part in this project chat."));
        }
        if (target == null || !VisibilityRule.maySee(reader, target.visibility())) {
            return Decision.reject(Rejection.notFound("unknown-message", "No message " + delete.messageId() + "."));
        }
        boolean ops = reader.projectRole() == ParticipantRole.PLATFORM_OPS || caller.isStaff();
        if (!target.authorId().equals(caller.userId()) && !ops) {
            return Decision.reject(Rejection.forbidden("not-author", "Only the author or ops delete a message."));
        }
        if (target.deleted()) {
            return Decision.nothing();
        }
        return Decision.accept(new ChatEvent.MessageDeleted(target.messageId()));
    }

    private static Decision<ChatEvent> markRead(ChatCommand.MarkRead read, ProjectChat state, long version, PlatformUser caller) {
        if (state.participant(caller.userId()).isEmpty()) {
            return Decision.reject(Rejection.forbidden("not-participant", "You do not take part in this project chat."));
        }
        if (read.upToPosition() < 0) {
            return Decision.reject(Rejection.invalid("invalid-position", "upToPosition must not be negative."));
        }
        return Decision.accept(new ChatEvent.MessagesRead(caller.userId(), Math.min(read.upToPosition(), version)));
    }

    /** The role an event's actor is recorded with. */
    public static String actorRole(ProjectChat state, PlatformUser caller) {
        return state.participant(caller.userId()).map(p -> p.role().name())
                .orElse(caller.isStaff() ? ParticipantRole.PLATFORM_OPS.name()
                        : caller.isPlatformService() ? "PLATFORM_SERVICE" : "UNKNOWN");
    }
}
