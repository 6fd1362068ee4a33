package org.projectchat.eventsourcing;

import org.projectchat.contract.ChatEvent;
import org.projectchat.eventsourcing.decider.Decider;
import org.projectchat.eventsourcing.decider.Decision;
import org.projectchat.eventsourcing.decider.Rejection;

/**
 * The kit's tests' decider: a reader marks read up to the next position, so the decision depends on the version it is
 * made on; a blank reader is refused.
 */
final class Reads implements Decider<Reads.Read, Integer, ChatEvent> {

    record Read(String userId) {
    }

    @Override
    public Integer initialState(String streamId) {
        return 0;
    }

    @Override
    public Decision<ChatEvent> decide(Read command, Integer state, long version) {
        if (command.userId().isBlank()) {
            return Decision.reject(Rejection.invalid("no-reader", "A reader is needed."));
        }
        return Decision.accept(new ChatEvent.MessagesRead(command.userId(), version + 1));
    }

    @Override
    public Integer evolve(Integer state, ChatEvent event) {
        return state + 1;
    }
}
