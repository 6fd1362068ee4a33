package org.projectchat.chat.messages;

import io.swagger.v3.oas.annotations.Operation;
import org.projectchat.baseline.web.ApiProblem;
import org.projectchat.baseline.web.PathIds;
import org.projectchat.contract.PlatformUser;
import org.projectchat.contract.VisibilityRule;
import org.projectchat.eventsourcing.roster.ProjectReaders;
import org.projectchat.eventsourcing.roster.Rosters;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Reading the message store: history, one message, its edits, participants, unread counts. */
@RestController
public class MessagesController {

    private final MessageStore store;
    private final ProjectReaders readers;
    private final Rosters rosters;

    public MessagesController(MessageStore store, ProjectReaders readers, Rosters rosters) {
        this.store = store;
        this.readers = readers;
        this.rosters = rosters;
    }

    @Operation(summary = "History, newest first; pass nextBefore as before= to scroll up")
    @GetMapping("/projects/{projectId}/messages")
    MessageStore.Page history(@PathVariable String projectId, @RequestParam(required = false) Long before,
                              @RequestParam(defaultValue = "50") int limit, PlatformUser user) {
        PathIds.requireProjectId(projectId);
        if (limit < 1 || limit > 200) {
            throw ApiProblem.badRequest("invalid-limit", "limit is between 1 and 200.");
        }
        VisibilityRule.Reader reader = readers.readerFor(projectId, user);
        return store.history(projectId, reader, before == null ? Long.MAX_VALUE : before, limit);
    }

    @GetMapping("/projects/{projectId}/messages/{messageId}")
    MessageView message(@PathVariable String projectId, @PathVariable String messageId, PlatformUser user) {
        PathIds.requireProjectId(projectId);
        PathIds.requireUuid("message id", messageId);
        VisibilityRule.Reader reader = readers.readerFor(projectId, user);
        return store.message(projectId, messageId, reader)
                .orElseThrow(() -> ApiProblem.notFound("unknown-message", "No message " + messageId + "."));
    }

    @Operation(summary = "Edit history of a message (its author and ops)")
    @GetMapping("/projects/{projectId}/messages/{messageId}/revisions")
    List<MessageStore.Revision> revisions(@PathVariable String projectId, @PathVariable String messageId, PlatformUser user) {
        MessageView message = message(projectId, messageId, user);
        VisibilityRule.Reader reader = readers.readerFor(projectId, user);
        boolean author = message.sender().userId().equals(user.userId());
        if (!VisibilityRule.mayReview(reader) && !(author && !message.deleted())) {
            throw ApiProblem.forbidden("not-author", "Only the author and ops see earlier versions.");
        }
        return store.revisions(messageId);
    }

    @GetMapping("/projects/{projectId}/participants")
    List<Rosters.Member> participants(@PathVariable String projectId,
                                                @RequestParam(defaultValue = "false") boolean includeFormer, PlatformUser user) {
        PathIds.requireProjectId(projectId);
        VisibilityRule.Reader reader = readers.readerFor(projectId, user);
        return rosters.members(projectId, includeFormer && VisibilityRule.mayReview(reader));
    }

    @GetMapping("/projects/{projectId}/unread")
    MessageStore.Unread unread(@PathVariable String projectId, PlatformUser user) {
        PathIds.requireProjectId(projectId);
        return store.unread(projectId, user.userId(), readers.readerFor(projectId, user));
    }

    @Operation(summary = "Unread counts in every project the caller takes part in")
    @GetMapping("/me/unread")
    Map<String, Object> myUnread(PlatformUser user) {
        List<MessageStore.Unread> all = new ArrayList<>();
        for (String projectId : rosters.activeProjectsOf(user.userId()).keySet()) {
            all.add(store.unread(projectId, user.userId(), readers.readerFor(projectId, user)));
        }
        return Map.of("userId", user.userId(), "projects", all,
                "total", all.stream().mapToLong(MessageStore.Unread::unread).sum());
    }
}
