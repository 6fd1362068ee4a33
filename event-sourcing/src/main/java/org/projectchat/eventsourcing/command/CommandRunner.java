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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;

/**
 * Runs commands through a {@link Decider} with group commit. Commands wait in one queue; a committer takes all that
 * are waiting (at most {@link Batching#maxCommands()}), decides them one after another in arrival order against the
 * cached state of their streams (a project's later command sees what its earlier ones decided), and appends every
 * accepted command's events in one transaction, outbox rows and idempotency keys included. Each caller gets its own
 * answer once that transaction has committed: its events, its rejection, or, for an idempotency key used before,
 * the first command's event. While a batch commits, the next gathers.
 *
 * <p>What stays exact: commands of one stream are decided in order on the state their predecessors left; a
 * rejection touches only its command; a command that targets an entity an earlier command of the batch changed, or
 * reuses an idempotency key of the batch, waits for the next batch (it must see their outcome). A conflict with
 * another instance's append, or anything else that fails the batch, drops the cached states and runs its commands one
 * at a time, each decided again on fresh state (retried on conflict), so no command is lost or decided twice.
 *
 * @param <C> commands
 * @param <S> state
 * @param <E> events
 */
public final class CommandRunner<C, S, E extends EventPayload> implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CommandRunner.class);
    static final int MAX_ATTEMPTS = 5;

    private final String name;
    private final Decider<C, S, E> decider;
    private final EventStore store;
    private final Clock clock;
    private final Batching batching;
    private final InlineProjection<E> inline;
    private final Cache<String, Versioned<S>> states;
    private final ConcurrentLinkedQueue<Pending> queue = new ConcurrentLinkedQueue<>();
    private final ArrayDeque<Pending> deferred = new ArrayDeque<>();
    private volatile boolean closed;
    private volatile Thread committer;
    /**
     * Whether the committer waits, for a first command or for more for a small batch: it is woken only then. While it
     * decides and commits a batch, what comes is taken with the next.
     */
    private volatile boolean waiting;
    /** Transactions committed with events in them, and the commands whose events they stored (see {@link #appended}). */
    private final LongAdder transactions = new LongAdder();
    private final LongAdder appended = new LongAdder();
    /** Told by {@link Arrivals} when the last request on its way ends. */
    private final Runnable onNoneComing = this::noneComing;

    /**
     * @param maxCommands the most commands one transaction carries
     * @param maxWait     how long a committer lets a small batch wait for more (zero: commands gather only while the
     *                    previous batch commits, so a lone command is not held back)
     * @param arrivals    null: a small batch waits out {@code maxWait}; else it waits (at most that long) only while
     *                    requests are on their way to this runner, and not at all when none is
     */
    public record Batching(int maxCommands, Duration maxWait, Arrivals arrivals) {
        public Batching {
            if (maxCommands < 1) {
                throw new IllegalArgumentException("maxCommands must be at least 1");
            }
            maxWait = maxWait == null ? Duration.ZERO : maxWait;
        }

        public Batching(int maxCommands, Duration maxWait) {
            this(maxCommands, maxWait, null);
        }

        public static final Batching DEFAULT = new Batching(256, Duration.ZERO);

        /** Whether a batch of this size should wait for more. */
        boolean waitsFor(int size) {
            return size < maxCommands && !maxWait.isZero() && (arrivals == null || arrivals.onTheirWay() > 0);
        }
    }

    public CommandRunner(String name, Decider<C, S, E> decider, EventStore store, Clock clock, int cachedStreams,
                         Batching batching) {
        this(name, decider, store, clock, cachedStreams, batching, null);
    }

    /**
     * @param inline null, or what must change in the same transaction as the events are stored (a read model the
     *               service answers from at once, durable timers): it sees every appended event once, in order
     */
    public CommandRunner(String name, Decider<C, S, E> decider, EventStore store, Clock clock, int cachedStreams,
                         Batching batching, InlineProjection<E> inline) {
        this.inline = inline;
        this.name = name;
        this.decider = decider;
        this.store = store;
        this.clock = clock;
        this.batching = batching;
        this.states = Caffeine.newBuilder().maximumSize(cachedStreams).build();
        if (batching.arrivals() != null) {
            batching.arrivals().whenNoneComing(onNoneComing);
        }
    }

    public CommandRunner(Decider<C, S, E> decider, EventStore store, Clock clock, int cachedStreams) {
        this("commands", decider, store, clock, cachedStreams, Batching.DEFAULT);
    }

    /** Applies a batch's events inside the transaction that appends them; throwing rolls the batch back. */
    @FunctionalInterface
    public interface InlineProjection<E extends EventPayload> {
        void apply(List<EventEnvelope<E>> events);

        /**
         * Whether the events may be stored without it when it fails: true for a read model that a consumer of the
         * topic also keeps up (it applies them then), false for what must change exactly when the events are stored.
         */
        default boolean mayFallBehind() {
            return false;
        }
    }

    /** An inline projection that may fall behind failed: the batch is stored again without it. */
    private static final class InlineProjectionFailed extends RuntimeException {
        InlineProjectionFailed(RuntimeException cause) {
            super(cause.getMessage(), cause);
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
     * @param entity         null, or the entity of the stream the command acts on (a message it edits): it is decided
     *                       only after every earlier command that changed that entity has committed
     */
    public record Request<C, S>(Function<S, C> command, Function<S, Actor> actor, Origin origin, String idempotencyKey,
                                String entity) {
        public Request(Function<S, C> command, Function<S, Actor> actor, Origin origin, String idempotencyKey) {
            this(command, actor, origin, idempotencyKey, null);
        }
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

    /** Runs the command and waits for its outcome; a rejection is thrown as its problem+json. */
    public Outcome<E> handle(String streamId, Request<C, S> request) {
        Pending pending = new Pending(streamId, request);
        submit(pending);
        try {
            return pending.result.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : new CompletionException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the command was being committed", e);
        }
    }

    private synchronized void submit(Pending pending) {
        if (closed) {
            throw new IllegalStateException(name + " is shut down");
        }
        if (committer == null) {
            committer = Thread.ofPlatform().name(name + "-committer").daemon().start(this::commitLoop);
        }
        queue.add(pending);
        if (batching.arrivals() != null) {
            batching.arrivals().gone(); // once it is in the queue: the last one on its way wakes a gathering committer
        }
        if (waiting) {
            LockSupport.unpark(committer);
        }
    }

    /**
     * The last request on its way ended (perhaps without a command): a gathering committer has nothing to wait for (one
     * waiting for a first command looks at the queue and waits again).
     */
    private void noneComing() {
        if (waiting) {
            LockSupport.unpark(committer);
        }
    }

    /** The name its committer thread and its meters ({@link CommandRunnerMeters}) carry. */
    public String name() {
        return name;
    }

    /** Commands waiting for the next batch (a gauge for operators; tests see a batch gather). */
    public int waiting() {
        return queue.size();
    }

    /** How many transactions this runner has committed with events in them (a batch, or a command run alone). */
    public long transactions() {
        return transactions.sum();
    }

    /**
     * How many commands those transactions stored events of: over any period, appended / transactions is how many
     * commands a commit carried (rejected and repeated commands store nothing and are not counted).
     */
    public long appended() {
        return appended.sum();
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (batching.arrivals() != null) {
            batching.arrivals().stopTelling(onNoneComing);
        }
        if (committer != null) {
            committer.interrupt();
        }
    }

    /** A command waiting for its batch, and its answer. */
    private final class Pending {
        final String streamId;
        final Request<C, S> request;
        final CompletableFuture<Outcome<E>> result = new CompletableFuture<>();
        List<EventEnvelope<E>> events;
        RuntimeException rejection;
        boolean repeated;

        Pending(String streamId, Request<C, S> request) {
            this.streamId = streamId;
            this.request = request;
        }

        EventStore.KeyInStream key() {
            return request.idempotencyKey() == null ? null : new EventStore.KeyInStream(streamId, request.idempotencyKey());
        }
    }

    private void commitLoop() {
        List<Pending> batch = new ArrayList<>();
        while (!closed) {
            try {
                gather(batch);
                commit(batch);
            } catch (InterruptedException e) {
                break;
            } catch (RuntimeException e) {
                log.error("{}: a batch of {} commands failed", name, batch.size(), e);
                batch.stream().filter(p -> !deferred.contains(p)).forEach(p -> p.result.completeExceptionally(e));
            }
            batch.clear();
        }
        List<Pending> left = new ArrayList<>(deferred);
        for (Pending p; (p = queue.poll()) != null; ) {
            left.add(p);
        }
        left.forEach(p -> p.result.completeExceptionally(new IllegalStateException(name + " is shut down")));
    }

    /** The commands deferred from the last batch first, then what waits, at most {@code maxCommands}. */
    private void gather(List<Pending> batch) throws InterruptedException {
        while (!deferred.isEmpty() && batch.size() < batching.maxCommands()) {
            batch.add(deferred.poll());
        }
        if (batch.isEmpty()) {
            batch.add(take());
        }
        drainTo(batch);
        if (batching.waitsFor(batch.size())) {
            long until = System.nanoTime() + batching.maxWait().toNanos();
            waiting = true; // then look again: what arrives from here on wakes it
            try {
                while (true) {
                    drainTo(batch);
                    long left = until - System.nanoTime();
                    if (!batching.waitsFor(batch.size()) || left <= 0) {
                        break;
                    }
                    LockSupport.parkNanos(this, left);
                    if (Thread.interrupted()) {
                        throw new InterruptedException();
                    }
                }
            } finally {
                waiting = false;
            }
        }
    }

    /** The first command that comes, waiting for it. */
    private Pending take() throws InterruptedException {
        waiting = true; // then look: a command added from here on wakes it
        try {
            Pending first;
            while ((first = queue.poll()) == null) {
                LockSupport.park(this);
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
            }
            return first;
        } finally {
            waiting = false;
        }
    }

    /** What waits, up to the batch's size. */
    private void drainTo(List<Pending> batch) {
        Pending next;
        while (batch.size() < batching.maxCommands() && (next = queue.poll()) != null) {
            batch.add(next);
        }
    }

    private void commit(List<Pending> batch) {
        preload(batch);
        Map<String, Versioned<S>> working = new LinkedHashMap<>();
        Map<String, Set<String>> changedEntities = new HashMap<>();
        Set<EventStore.KeyInStream> keysInBatch = new HashSet<>();
        List<Pending> decided = new ArrayList<>(batch.size());
        List<EventStore.Append> appends = new ArrayList<>();
        for (Pending p : batch) {
            // a key used before is found by its unique index when appending (retries are rare): the batch then runs one
            // command at a time, and the repeated command answers with the first one's event
            EventStore.KeyInStream key = p.key();
            boolean entityChanged = p.request.entity() != null
                    && changedEntities.getOrDefault(p.streamId, Set.of()).contains(p.request.entity());
            if (entityChanged || (key != null && keysInBatch.contains(key))) {
                deferred.add(p); // it must see the outcome of an earlier command of this batch
                continue;
            }
            Versioned<S> current;
            try {
                current = working.computeIfAbsent(p.streamId, this::cached);
                decide(p, current);
            } catch (RuntimeException e) {
                p.rejection = e; // a command that cannot be decided (its state or entity not loaded) answers alone
                decided.add(p);
                continue;
            }
            decided.add(p);
            if (p.events != null && !p.events.isEmpty()) {
                S next = current.state();
                for (EventEnvelope<E> e : p.events) {
                    next = decider.evolve(next, e.payload());
                    if (e.payload().entityId() != null) {
                        changedEntities.computeIfAbsent(p.streamId, s -> new HashSet<>()).add(e.payload().entityId());
                    }
                }
                working.put(p.streamId, new Versioned<>(next, current.version() + p.events.size()));
                appends.add(new EventStore.Append(p.streamId, p.events, p.request.idempotencyKey()));
                if (key != null) {
                    keysInBatch.add(key);
                }
            }
        }
        try {
            append(appends);
        } catch (RuntimeException e) {
            if (!(e instanceof EventStore.ConcurrencyConflict) && !(e instanceof EventStore.DuplicateAppend)) {
                log.warn("{}: appending a batch of {} commands failed ({}); running them one at a time", name,
                        decided.size(), e.toString());
            }
            working.keySet().forEach(states::invalidate);
            decided.forEach(this::runAlone);
            return;
        }
        working.forEach((stream, state) -> {
            if (state.version() > 0) {
                states.put(stream, state); // no empty states of unknown streams
            }
        });
        for (Pending p : decided) {
            answer(p);
        }
    }

    /**
     * Loads the streams of a batch the cache lacks in one go (timers firing across many projects, a cold start), so
     * the committer does not read them one query at a time.
     */
    @SuppressWarnings("unchecked")
    private void preload(List<Pending> batch) {
        Set<String> missing = new HashSet<>();
        for (Pending p : batch) {
            if (states.getIfPresent(p.streamId) == null) {
                missing.add(p.streamId);
            }
        }
        if (missing.size() < 2) {
            return;
        }
        store.loadAll(missing, decider.evolvingTypes()).forEach((stream, loaded) -> {
            S state = decider.initialState(stream);
            for (EventEnvelope<EventPayload> e : loaded.events()) {
                state = decider.evolve(state, (E) e.payload());
            }
            states.put(stream, new Versioned<>(state, loaded.version()));
        });
    }

    /** The stream's state from the cache, or loaded; an unknown stream's empty state is not cached. */
    private Versioned<S> cached(String streamId) {
        Versioned<S> state = states.getIfPresent(streamId);
        if (state == null) {
            state = load(streamId);
            if (state.version() > 0) {
                states.put(streamId, state);
            }
        }
        return state;
    }

    /** Decides a command on the given state: its envelopes, or its rejection. */
    private void decide(Pending p, Versioned<S> current) {
        C command = p.request.command().apply(current.state());
        Decision<E> decision = decider.decide(command, current.state(), current.version());
        if (decision instanceof Decision.Rejected<E>(Rejection rejection)) {
            p.rejection = Rejections.problem(rejection);
            return;
        }
        List<E> events = ((Decision.Accepted<E>) decision).events();
        EventMetadata metadata = new EventMetadata(clock.instant(), p.request.actor().apply(current.state()),
                p.request.origin().correlationId(), p.request.origin().causationId(), p.request.origin().traceparent());
        p.events = EventStore.numbered(p.streamId, current.version(), events, metadata);
    }

    private void answer(Pending p) {
        if (p.rejection != null) {
            p.result.completeExceptionally(p.rejection);
        } else if (p.repeated) {
            p.result.complete(new Outcome.Repeated<>(store.firstWith(p.streamId, p.request.idempotencyKey()).orElseThrow()));
        } else {
            p.result.complete(new Outcome.Appended<>(p.events == null ? List.of() : p.events));
        }
    }

    /** The careful path after a failed batch: the command decided again on fresh state, appended alone, retried. */
    private void runAlone(Pending p) {
        try {
            for (int attempt = 1; ; attempt++) {
                p.events = null;
                p.rejection = null;
                p.repeated = false;
                Versioned<S> current = cached(p.streamId);
                decide(p, current);
                try {
                    if (p.events != null && !p.events.isEmpty()) {
                        append(List.of(new EventStore.Append(p.streamId, p.events, p.request.idempotencyKey())));
                        S next = current.state();
                        for (EventEnvelope<E> e : p.events) {
                            next = decider.evolve(next, e.payload());
                        }
                        states.put(p.streamId, new Versioned<>(next, current.version() + p.events.size()));
                    }
                    answer(p);
                    return;
                } catch (EventStore.ConcurrencyConflict conflict) {
                    states.invalidate(p.streamId);
                    if (attempt >= MAX_ATTEMPTS) {
                        throw new ApiProblem(HttpStatus.CONFLICT, "concurrent-update", "Conflict",
                                "The stream changed concurrently; retry.");
                    }
                } catch (EventStore.DuplicateAppend duplicate) {
                    p.events = null;
                    p.repeated = true;
                    answer(p);
                    return;
                }
            }
        } catch (RuntimeException e) {
            p.result.completeExceptionally(e);
        }
    }

    @SuppressWarnings("unchecked")
    private void project(List<EventStore.Append> appends) {
        if (inline != null) {
            List<EventEnvelope<E>> events = new ArrayList<>();
            appends.forEach(a -> a.events().forEach(e -> events.add((EventEnvelope<E>) e)));
            try {
                inline.apply(events);
            } catch (RuntimeException e) {
                throw inline.mayFallBehind() ? new InlineProjectionFailed(e) : e;
            }
        }
    }

    /** Appends with the inline projection; if one that may fall behind fails, without it (its consumer catches up). */
    private void append(List<EventStore.Append> appends) {
        try {
            store.appendAll(appends, this::project);
        } catch (InlineProjectionFailed failed) {
            log.warn("{}: the inline projection failed ({}); the batch is stored without it, for its consumer to apply",
                    name, failed.getCause().toString());
            store.appendAll(appends);
        }
        if (!appends.isEmpty()) {
            transactions.increment();
            appended.add(appends.size());
        }
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
