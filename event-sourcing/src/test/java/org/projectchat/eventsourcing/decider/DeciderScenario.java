package org.projectchat.eventsourcing.decider;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A decider test as the rules read: <em>given</em> these events happened, <em>when</em> this command comes, <em>then</em>
 * these events happen, or this rejection. No server, no store: the events are folded with the decider's own evolve.
 *
 * <pre>
 *   given(opened).when(post).thenEvents()            // the events decided
 *   given(opened, removed).when(post).thenRejected() // the rejection
 * </pre>
 */
public final class DeciderScenario<C, S, E> {

    private final Decider<C, S, E> decider;
    private final String streamId;
    private final List<E> history = new ArrayList<>();

    private DeciderScenario(Decider<C, S, E> decider, String streamId) {
        this.decider = decider;
        this.streamId = streamId;
    }

    public static <C, S, E> DeciderScenario<C, S, E> with(Decider<C, S, E> decider, String streamId) {
        return new DeciderScenario<>(decider, streamId);
    }

    /** Events that happened before, oldest first. */
    @SafeVarargs
    public final DeciderScenario<C, S, E> given(E... events) {
        DeciderScenario<C, S, E> next = new DeciderScenario<>(decider, streamId);
        next.history.addAll(history);
        next.history.addAll(Arrays.asList(events));
        return next;
    }

    public Then<E> when(C command) {
        S state = decider.initialState(streamId);
        for (E event : history) {
            state = decider.evolve(state, event);
        }
        return new Then<>(decider.decide(command, state, history.size()));
    }

    /** What was decided. */
    public record Then<E>(Decision<E> decision) {

        /** The events decided; fails if the command was rejected. */
        public List<E> thenEvents() {
            assertThat(decision).as("decision").isInstanceOf(Decision.Accepted.class);
            return ((Decision.Accepted<E>) decision).events();
        }

        /** The one event decided, of this type. */
        public <T extends E> T thenEvent(Class<T> type) {
            List<E> events = thenEvents();
            assertThat(events).as("events decided").hasSize(1);
            assertThat(events.getFirst()).isInstanceOf(type);
            return type.cast(events.getFirst());
        }

        /** The rejection; fails if the command was accepted. */
        public Rejection thenRejected() {
            assertThat(decision).as("decision").isInstanceOf(Decision.Rejected.class);
            return ((Decision.Rejected<E>) decision).rejection();
        }
    }
}
