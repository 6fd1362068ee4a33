package org.projectchat.chat.commands;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.projectchat.baseline.web.ApiProblem;
import org.projectchat.chat.attachments.ProjectFiles;
import org.projectchat.chat.chat.Caller;
import org.projectchat.chat.chat.ChatCommand;
import org.projectchat.chat.chat.ChatDecider;
import org.projectchat.chat.chat.Decision;
import org.projectchat.chat.chat.MessageFacts;
import org.projectchat.chat.chat.ProjectChat;
import org.projectchat.chat.chat.Rejection;
import org.projectchat.chat.eventstore.EventStore;
import org.projectchat.contract.Actor;
import org.projectchat.contract.ChatEvent;
import org.projectchat.contract.EventEnvelope;
import org.projectchat.contract.EventIds;
import org.projectchat.contract.Ids;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Runs a command: loads the project's state, asks the decider, appends what it decides. A
 * concurrent append by another instance shows as a version conflict: state is reloaded and the
 * command decided again. Within this instance, commands to one project take turns, so conflicts
 * stay rare under load.
 */
@Service
public class ChatCommands {

    private static final int MAX_ATTEMPTS = 5;

    private final EventStore store;
    private final Clock clock;
    private final Cache<String, ProjectChat> states = Caffeine.newBuilder().maximumSize(20_000).build();
    private final ReentrantLock[] locks = new ReentrantLock[1024];

    private final ProjectFiles files;

    public ChatCommands(EventStore store, Clock clock, ProjectFiles files) {
        this.store = store;
        this.clock = clock;
        this.files = files;
        for (int i = 0; i < locks.length; i++) {
            locks[i] = new ReentrantLock();
        }
    }

    /** Where the command came from, for the events' metadata. */
    public record Origin(String correlationId, String causationId, String traceparent) {
    }

    /**
     * @param events   what was appended (empty for a no-op)
     * @param replayed a retried post whose client message id was already stored; nothing new was appended
     */
    public record Outcome(List<EventEnvelope<ChatEvent>> events, boolean replayed, String messageId, long position) {
    }

    public Outcome handle(String projectId, ChatCommand command, Caller caller, Origin origin) {
        if (command instanceof ChatCommand.PostMessage post && post.attachmentFileIds() != null
                && post.attachmentFileIds().stream().allMatch(Ids::isUuid)) {
            files.requireUploadedTo(projectId, post.attachmentFileIds()); // before the project's turn: it may wait
        }
        ReentrantLock lock = locks[Math.floorMod(projectId.hashCode(), locks.length)];
        lock.lock();
        try {
            for (int attempt = 1; ; attempt++) {
                try {
                    return attempt(projectId, command, caller, origin);
                } catch (EventStore.ConcurrencyConflict conflict) {
                    states.invalidate(projectId);
                    if (attempt >= MAX_ATTEMPTS) {
                        throw new ApiProblem(HttpStatus.CONFLICT, "concurrent-update", "Conflict",
                                "The project chat changed concurrently; retry.");
                    }
                } catch (EventStore.DuplicateClientMessage duplicate) {
                    var post = (ChatCommand.PostMessage) command;
                    var existing = store.findClientMessage(projectId, caller.userId(), post.clientMessageId()).orElseThrow();
                    return new Outcome(List.of(), true, existing.messageId(), existing.position());
                }
            }
        } finally {
            lock.unlock();
        }
    }

    private Outcome attempt(String projectId, ChatCommand command, Caller caller, Origin origin) {
        // A repeated client message id is caught by its unique key when appending: no lookup first.
        ProjectChat state = states.get(projectId, store::loadProject);
        MessageFacts target = switch (command) {
            case ChatCommand.EditMessage edit -> store.loadMessage(projectId, edit.messageId());
            case ChatCommand.DeleteMessage delete -> store.loadMessage(projectId, delete.messageId());
            default -> null;
        };
        Decision decision = ChatDecider.decide(command, state, caller, target);
        if (decision instanceof Decision.Rejected(Rejection rejection)) {
            if (!state.opened()) {
                states.invalidate(projectId); // do not keep empty states of unknown ids
            }
            throw problem(rejection);
        }
        List<ChatEvent> decided = ((Decision.Accepted) decision).events();
        Instant now = clock.instant();
        Actor actor = new Actor(caller.userId(), caller.displayName(), ChatDecider.actorRole(state, caller));
        List<EventEnvelope<ChatEvent>> envelopes = new ArrayList<>();
        long version = state.version();
        for (ChatEvent event : decided) {
            envelopes.add(new EventEnvelope<>(EventIds.next(), null, 0, projectId, ++version, now, actor,
                    origin.correlationId(), origin.causationId(), origin.traceparent(), event));
        }
        EventStore.ClientMessageId clientMessage = null;
        String messageId = null;
        long position = 0;
        if (!decided.isEmpty() && decided.getFirst() instanceof ChatEvent.MessagePosted posted) {
            messageId = posted.messageId();
            position = posted.position();
            if (posted.clientMessageId() != null) {
                clientMessage = new EventStore.ClientMessageId(caller.userId(), posted.clientMessageId(), messageId, position);
            }
        }
        store.append(projectId, envelopes, clientMessage);
        ProjectChat next = state;
        for (var e : envelopes) {
            next = next.evolve(e.payload(), e.streamVersion());
        }
        states.put(projectId, next);
        return new Outcome(envelopes, false, messageId, position);
    }

    static ApiProblem problem(Rejection rejection) {
        return switch (rejection.reason()) {
            case NOT_FOUND -> ApiProblem.notFound(rejection.code(), rejection.detail());
            case FORBIDDEN -> ApiProblem.forbidden(rejection.code(), rejection.detail());
            case INVALID -> ApiProblem.badRequest(rejection.code(), rejection.detail());
            case UNPROCESSABLE -> ApiProblem.unprocessable(rejection.code(), rejection.detail());
            case TOO_LARGE -> ApiProblem.tooLarge(rejection.code(), rejection.detail());
            case CONFLICT -> ApiProblem.conflict(rejection.code(), rejection.detail());
        };
    }

    /** A new message id: time-ordered. */
    public static String newMessageId() {
        return EventIds.next().toString();
    }

    /** Forget cached state (tests, rebuilds). */
    public void forgetStates() {
        states.invalidateAll();
    }
}
