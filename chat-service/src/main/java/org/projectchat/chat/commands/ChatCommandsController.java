package org.projectchat.chat.commands;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.projectchat.baseline.ops.EventTraces;
import org.projectchat.baseline.web.PathIds;
import org.projectchat.chat.domain.ChatCommand;
import org.projectchat.contract.ChatEvent;
import org.projectchat.contract.EscalationReason;
import org.projectchat.contract.EventIds;
import org.projectchat.contract.MessageKind;
import org.projectchat.contract.ParticipantRole;
import org.projectchat.contract.PlatformUser;
import org.projectchat.contract.Priority;
import org.projectchat.contract.Visibility;
import org.projectchat.eventsourcing.command.CommandRunner.Origin;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Chat commands over REST: each request becomes one command, decided and appended as events. */
@RestController
public class ChatCommandsController {

    private static final Pattern TRACEPARENT = Pattern.compile("00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}");

    private final ChatCommands commands;
    private final EventTraces traces;

    public ChatCommandsController(ChatCommands commands, EventTraces traces) {
        this.traces = traces;
        this.commands = commands;
    }

    public record ParticipantRequest(@NotBlank @Size(max = 200) String userId, @Size(max = 200) String displayName,
                                     @NotBlank String handle, @Size(max = 320) String email,
                                     @NotNull ParticipantRole role, @Size(max = 64) String timeZone) {
        ChatEvent.Participant toParticipant() {
            return new ChatEvent.Participant(userId, displayName == null ? userId : displayName, handle, email, role,
                    timeZone == null ? "UTC" : timeZone);
        }
    }

    public record OpenProjectChatRequest(@NotBlank String projectId, @NotBlank String title,
                                         @NotNull @Size(max = 100) List<@Valid ParticipantRequest> participants) {
    }

    public record ChangeRoleRequest(@NotNull ParticipantRole role) {
    }

    public record EscalationRequest(@NotNull EscalationReason reason, @Size(max = 2000) String resolutionSought) {
    }

    public record PostMessageRequest(String body, MessageKind kind, Visibility visibility, List<String> attachmentFileIds,
                                     @Valid EscalationRequest escalation, String clientMessageId,
                                     @Schema(description = "URGENT goes through Do Not Disturb and availability hours (as a BLOCKER or an escalation does); NORMAL if absent")
                                     Priority priority) {
    }

    public record EditMessageRequest(@NotNull String body) {
    }

    public record MarkReadRequest(@NotNull Long upToPosition) {
    }

    public record Accepted(String projectId, long version) {
    }

    public record PostedMessage(String projectId, String messageId, long position) {
    }

    @Operation(summary = "Open a project chat (platform service account or ops)")
    @PostMapping("/projects")
    ResponseEntity<Accepted> open(@Valid @RequestBody OpenProjectChatRequest request, PlatformUser user, HttpServletRequest http) {
        PathIds.requireProjectId(request.projectId());
        var outcome = commands.handle(request.projectId(), new ChatCommand.OpenProjectChat(request.projectId(),
                request.title(), request.participants().stream().map(ParticipantRequest::toParticipant).toList()),
                user, origin(http));
        return ResponseEntity.created(URI.create("/projects/" + request.projectId()))
                .body(new Accepted(request.projectId(), version(outcome)));
    }

    @Operation(summary = "Add a participant (platform or ops)")
    @PostMapping("/projects/{projectId}/participants")
    ResponseEntity<Accepted> addParticipant(@PathVariable String projectId, @Valid @RequestBody ParticipantRequest request,
                                            PlatformUser user, HttpServletRequest http) {
        PathIds.requireProjectId(projectId);
        var outcome = commands.handle(projectId, new ChatCommand.AddParticipant(request.toParticipant()), user, origin(http));
        return ResponseEntity.status(HttpStatus.CREATED).body(new Accepted(projectId, version(outcome)));
    }

    @Operation(summary = "Remove a participant (platform or ops)")
    @DeleteMapping("/projects/{projectId}/participants/{userId}")
    ResponseEntity<Accepted> removeParticipant(@PathVariable String projectId, @PathVariable String userId,
                                               PlatformUser user, HttpServletRequest http) {
        PathIds.requireProjectId(projectId);
        var outcome = commands.handle(projectId, new ChatCommand.RemoveParticipant(userId), user, origin(http));
        return ResponseEntity.ok(new Accepted(projectId, version(outcome)));
    }

    @Operation(summary = "Change a participant's role (platform or ops)")
    @PutMapping("/projects/{projectId}/participants/{userId}/role")
    ResponseEntity<Accepted> changeRole(@PathVariable String projectId, @PathVariable String userId,
                                        @Valid @RequestBody ChangeRoleRequest request, PlatformUser user, HttpServletRequest http) {
        PathIds.requireProjectId(projectId);
        var outcome = commands.handle(projectId, new ChatCommand.ChangeParticipantRole(userId, request.role()), user, origin(http));
        return ResponseEntity.ok(new Accepted(projectId, version(outcome)));
    }

    @Operation(summary = "Post a message; a repeated clientMessageId returns the first post (200) instead of a new one (201)")
    @PostMapping("/projects/{projectId}/messages")
    ResponseEntity<PostedMessage> post(@PathVariable String projectId, @Valid @RequestBody PostMessageRequest request,
                                       PlatformUser user, HttpServletRequest http) {
        PathIds.requireProjectId(projectId);
        var command = new ChatCommand.PostMessage(EventIds.next().toString(), request.clientMessageId(), request.body(),
                request.kind() == null ? MessageKind.GENERAL : request.kind(),
                request.visibility() == null ? Visibility.EVERYONE : request.visibility(),
                request.attachmentFileIds(),
                request.escalation() == null ? null
                        : new ChatEvent.Escalation(request.escalation().reason(), request.escalation().resolutionSought()),
                request.priority());
        var outcome = commands.handle(projectId, command, user, origin(http));
        var body = new PostedMessage(projectId, outcome.messageId(), outcome.position());
        if (outcome.replayed()) {
            return ResponseEntity.ok().header("Idempotent-Replayed", "true").body(body);
        }
        return ResponseEntity.created(URI.create("/projects/" + projectId + "/messages/" + outcome.messageId())).body(body);
    }

    @Operation(summary = "Edit a message (its author); earlier versions are kept")
    @PatchMapping("/projects/{projectId}/messages/{messageId}")
    ResponseEntity<Accepted> edit(@PathVariable String projectId, @PathVariable String messageId,
                                  @Valid @RequestBody EditMessageRequest request, PlatformUser user, HttpServletRequest http) {
        PathIds.requireProjectId(projectId);
        PathIds.requireUuid("message id", messageId);
        var outcome = commands.handle(projectId, new ChatCommand.EditMessage(messageId, request.body()), user, origin(http));
        return ResponseEntity.ok(new Accepted(projectId, version(outcome)));
    }

    @Operation(summary = "Delete a message (its author or ops); the content stays for ops review")
    @DeleteMapping("/projects/{projectId}/messages/{messageId}")
    ResponseEntity<Accepted> delete(@PathVariable String projectId, @PathVariable String messageId,
                                    PlatformUser user, HttpServletRequest http) {
        PathIds.requireProjectId(projectId);
        PathIds.requireUuid("message id", messageId);
        var outcome = commands.handle(projectId, new ChatCommand.DeleteMessage(messageId), user, origin(http));
        return ResponseEntity.ok(new Accepted(projectId, version(outcome)));
    }

    @Operation(summary = "Mark read up to a position")
    @PostMapping("/projects/{projectId}/read")
    ResponseEntity<Map<String, Object>> markRead(@PathVariable String projectId, @Valid @RequestBody MarkReadRequest request,
                                                 PlatformUser user, HttpServletRequest http) {
        PathIds.requireProjectId(projectId);
        var outcome = commands.handle(projectId, new ChatCommand.MarkRead(request.upToPosition()), user, origin(http));
        long upTo = outcome.events().isEmpty() ? request.upToPosition()
                : ((ChatEvent.MessagesRead) outcome.events().getFirst().payload()).upToPosition();
        return ResponseEntity.ok(Map.of("projectId", projectId, "upToPosition", upTo));
    }

    /** The request as the origin of its events: its correlation id, and its trace (the request's span, when traced). */
    Origin origin(HttpServletRequest http) {
        String correlation = http.getHeader("X-Correlation-Id");
        if (correlation == null || correlation.isBlank() || correlation.length() > 100) {
            correlation = EventIds.next().toString();
        }
        String traceparent = traces.current();
        if (traceparent == null) {
            traceparent = http.getHeader("traceparent");
        }
        if (traceparent != null && !TRACEPARENT.matcher(traceparent).matches()) {
            traceparent = null;
        }
        return new Origin(correlation, "http:" + http.getMethod() + " " + http.getRequestURI(), traceparent);
    }

    static long version(ChatCommands.Outcome outcome) {
        return outcome.events().isEmpty() ? 0 : outcome.events().getLast().streamVersion();
    }
}
