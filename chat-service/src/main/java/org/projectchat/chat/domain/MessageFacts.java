package org.projectchat.chat.domain;

import org.projectchat.contract.ChatEvent;
import org.projectchat.contract.Visibility;

import java.util.List;

/** What the decider needs to know of one message to decide an edit or a delete. */
public record MessageFacts(String messageId, String authorId, Visibility visibility, int revision, boolean deleted) {

    /** Folds a message's own events (posted, edited, deleted) in stream order, with each event's actor. */
    public static MessageFacts of(List<ChatEvent> history, List<String> actors) {
        MessageFacts facts = null;
        for (int i = 0; i < history.size(); i++) {
            facts = evolve(facts, history.get(i), actors.get(i));
        }
        return facts;
    }

    static MessageFacts evolve(MessageFacts facts, ChatEvent event, String actor) {
        return switch (event) {
            case ChatEvent.MessagePosted posted -> new MessageFacts(posted.messageId(), actor, posted.visibility(), 1, false);
            case ChatEvent.MessageEdited edited when facts != null ->
                    new MessageFacts(facts.messageId, facts.authorId, facts.visibility, edited.revision(), facts.deleted);
            case ChatEvent.MessageDeleted ignored when facts != null ->
                    new MessageFacts(facts.messageId, facts.authorId, facts.visibility, facts.revision, true);
            default -> facts;
        };
    }
}
