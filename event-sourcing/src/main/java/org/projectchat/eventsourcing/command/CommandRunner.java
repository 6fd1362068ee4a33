package org.projectchat.eventsourcing.command;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.projectchat.baseline.web.ApiProblem;
import org.projectchat.contract.Actor;
import org.projectchat.contract.EventEnvelope;
import org.projectchat.contract.EventPayload;
import org.projectchat.eventsourcing.decider.Decider;
import org.projectchat.eventsourcing.decider.Decision;
import org.projectchat.eventsourcing.decider.Rejection;
import org.projectchat.eventsourcing.store.EventMetadata;
import org.projectchat.eventsourcing.store.EventStore;
import org.springframework.http.HttpStatus;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * Runs commands through a {@link Decider}: the stream's state (cached, rebuilt from the store on a miss), the
 * decision, the append with the version the decision was made on. Commands to one stream take turns within this
 * instance, so conflicts stay rare; a conflict with another instance's append drops the cached state and decides
 * again on the new one. A rejection becomes the matching problem+json.
 *
 * @param <C> commands
 * @param <S> state
 * @param <E> events
 */
public final class CommandRunner<C, S, E extends EventPayload> {

    static final int MAX_ATTEMPTS = 5;

    private final Decider<C, S, E> decider;
    private final EventStore store;
    private final Clock clock;
    private final Cache<String, Versioned<S>> states;
    private final ReentrantLock[] turns = new ReentrantLock[1024];

    public CommandRunner(Decider<C, S, E> decider, EventStore store, Clock clock, int cachedStreams) {
        this.decider = decider;
        this.store = store;
        this.clock = clock;
        this.states = Caffeine.newBuilder().maximumSize(cachedStreams).build();
        for (int i = 0; i < turns.length; i++) {
            turns[i] = new ReentrantLock();
        }
    }

    /** A stream's state and the version it was built up to. */
    public record Versioned<S>(S state, long version) {
    }

    /** Where a command came from, for its events' metadata. */
    public record Origin(String correlationId, String causationId, String traceparent) {
    }

    /**
     * One command to run.
     *
     * @param command        the command, made from the state it is decided on (e.g. with an entity loaded for it)
     * @param actor          who causes the events, as the state knows them
     * @param idempotencyKey null, or a key that makes a repeated command return the first one's result
     */
    public record Request<C, S>(Function<S, C> command, Function<S, Actor> actor, Origin origin, String idempotencyKey) {
    }

    /** What running a command did. */
    public sealed interface Outcome<E extends EventPayload> {

        /** The events appended; none for a command that changed nothing. */
        record Appended<E extends EventPayload>(List<EventEnvelope<E>> events) implements Outcome<E> {
        }

        /** A command with an idempotency key already used: nothing appended; the first event that command appended. */
        record Repeated<E extends EventPayload>(EventEnvelope<EventPayload> first) implements Outcome<E> {
        }
    }

    public Outcome<E> handle(String streamId, Request<C, S> request) {
        ReentrantLock turn = turns[Math.floorMod(streamId.hashCode(), turns.length)];
        turn.lock();
        try {
            for (int attempt = 1; ; attempt++) {
                try {
                    return attempt(streamId, request);
                } catch (EventStore.ConcurrencyConflict conflict) {
                    states.invalidate(streamId);
                    if (attempt >= MAX_ATTEMPTS) {
                        throw new ApiProblem(HttpStatus.CONFLICT, "concurrent-update", "Conflict",
                                "The stream changed concurrently; retry.");
                    }
                } catch (EventStore.DuplicateAppend duplicate) {
                    return new Outcome.Repeated<>(store.firstWith(streamId, duplicate.idempotencyKey()).orElseThrow());
                }
            }
        } finally {
            turn.unlock();
        }
    }

    private Outcome<E> attempt(String streamId, Request<C, S> request) {
        // a repeated idempotency key is caught by its unique key when appending: no lookup first
        Versioned<S> current = states.get(streamId, this::load);
        C command = request.command().apply(current.state());
        Decision<E> decision = decider.decide(command, current.state(), current.version());
        if (decision instanceof Decision.Rejected<E>(Rejection rejection)) {
            if (current.version() == 0) {
                states.invalidate(streamId); // keep no empty states of unknown streams
            }
            throw Rejections.problem(rejection);
        }
        List<E> decided = ((Decision.Accepted<E>) decision).events();
        EventMetadata metadata = new EventMetadata(clock.instant(), request.actor().apply(current.state()),
                request.origin().correlationId(), request.origin().causationId(), request.origin().traceparent());
        List<EventEnvelope<E>> appended = store.append(streamId, current.version(), decided, metadata,
                decided.isEmpty() ? null : request.idempotencyKey());
        S next = current.state();
        for (E event : decided) {
            next = decider.evolve(next, event);
        }
        states.put(streamId, new Versioned<>(next, current.version() + decided.size()));
        return new Outcome.Appended<>(appended);
    }

    @SuppressWarnings("unchecked")
    private Versioned<S> load(String streamId) {
        EventStore.Loaded loaded = store.load(streamId, decider.evolvingTypes());
        S state = decider.initialState(streamId);
        for (EventEnvelope<EventPayload> e : loaded.events()) {
            state = decider.evolve(state, (E) e.payload());
        }
        return new Versioned<>(state, loaded.version());
    }
}
