package org.projectchat.chat.domain;

import org.projectchat.contract.ChatEvent;
import org.projectchat.contract.ChatEvent.Participant;
import org.projectchat.contract.PlatformUser;
import org.projectchat.contract.VisibilityRule;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What the write side knows of one project chat: whether it is open and its current participants. Messages are
 * decided with {@link MessageFacts} loaded on demand, so this state stays small however long the history grows.
 */
public record ProjectChat(String projectId, boolean opened, String title, Map<String, Participant> participants) {

    public ProjectChat {
        participants = Map.copyOf(participants);
    }

    public static ProjectChat initial(String projectId) {
        return new ProjectChat(projectId, false, null, Map.of());
    }

    public Optional<Participant> participant(String userId) {
        return Optional.ofNullable(participants.get(userId));
    }

    /** The caller as a reader/writer of this project for the visibility rule. */
    public VisibilityRule.Reader readerFor(PlatformUser caller) {
        Participant p = participants.get(caller.userId());
        return new VisibilityRule.Reader(p == null ? null : p.role(), caller.isStaff());
    }

    /** Applies one event; the only way state changes. */
    public ProjectChat evolve(ChatEvent event) {
        return switch (event) {
            case ChatEvent.ProjectChatOpened opened -> {
                Map<String, Participant> all = new LinkedHashMap<>();
                opened.participants().forEach(p -> all.put(p.userId(), p));
                yield new ProjectChat(projectId, true, opened.title(), all);
            }
            case ChatEvent.ParticipantAdded added -> withParticipants(m -> m.put(added.participant().userId(), added.participant()));
            case ChatEvent.ParticipantRemoved removed -> withParticipants(m -> m.remove(removed.userId()));
            case ChatEvent.ParticipantRoleChanged changed -> withParticipants(
                    m -> m.computeIfPresent(changed.userId(), (id, p) -> p.withRole(changed.to())));
            default -> this;
        };
    }

    private ProjectChat withParticipants(Consumer<Map<String, Participant>> change) {
        Map<String, Participant> copy = new LinkedHashMap<>(participants);
        change.accept(copy);
        return new ProjectChat(projectId, opened, title, copy);
    }
}
