package org.projectchat.eventsourcing.decider;

import java.util.List;

/**
 * The rules of one kind of stream as pure functions: {@code decide} turns a command and the stream's state into the
 * events that happen or a rejection; {@code evolve} folds an event into the state. No I/O, no clock, no Spring: a
 * decider is tested by giving it events and a command and looking at what it decides.
 *
 * @param <C> the commands
 * @param <S> the state a decision needs (kept small: only what {@link #evolvingTypes()} changes)
 * @param <E> the events, one sealed family of the contract
 */
public interface Decider<C, S, E> {

    /** The state of a stream nothing has happened to yet. */
    S initialState(String streamId);

    /**
     * @param version the stream's current version: how many events it has (a new event gets {@code version + 1})
     */
    Decision<E> decide(C command, S state, long version);

    S evolve(S state, E event);

    /**
     * The event types {@link #evolve} looks at; only these are loaded to rebuild the state, so a stream with a long
     * history of other events (messages) stays cheap to load. Empty: every event.
     */
    default List<Class<? extends E>> evolvingTypes() {
        return List.of();
    }
}
