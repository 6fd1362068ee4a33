package org.projectchat.escalations.commands;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import jakarta.annotation.PreDestroy;
import org.projectchat.baseline.ops.EventTraces;
import org.projectchat.contract.Actor;
import org.projectchat.contract.EscalationEvent;
import org.projectchat.contract.EventEnvelope;
import org.projectchat.escalations.board.EscalationBoard;
import org.projectchat.escalations.domain.EscalationCommand;
import org.projectchat.escalations.domain.EscalationDecider;
import org.projectchat.escalations.domain.ProjectEscalations;
import org.projectchat.eventsourcing.command.CommandRunner;
import org.projectchat.eventsourcing.command.CommandRunnerMeters;
import org.projectchat.eventsourcing.store.EventStore;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * Runs escalation commands through the kit: decided by {@link EscalationDecider} on the project's state, appended
 * with optimistic concurrency (group commit), the board and timers changed in the same transaction, published through
 * the outbox.
 */
@Component
public class EscalationCommands implements MeterBinder {

    /** The service itself, as the actor of what timers and the chat cause. */
    public static final Actor SYSTEM = new Actor("escalation-service", "Escalation service", "PLATFORM_SERVICE");

    private final CommandRunner<EscalationCommand, ProjectEscalations, EscalationEvent> runner;

    private final EventTraces traces;

    public EscalationCommands(EventStore store, Clock clock, EscalationBoard board, EventTraces traces,
                              @Value("${escalations.commands.max-batch:256}") int maxBatch) {
        this.traces = traces;
        this.runner = new CommandRunner<>("escalations", new EscalationDecider(), store, clock, 10_000,
                new CommandRunner.Batching(maxBatch, Duration.ZERO), board);
    }

    /**
     * Runs one command; a rejection is thrown as its problem+json.
     *
     * @param idempotencyKey null, or a key that makes a repeat of the command append nothing
     * @return the events it appended (none when it changed nothing or repeated an earlier command)
     */
    public List<EventEnvelope<EscalationEvent>> run(String projectId, EscalationCommand command, Actor actor,
                                                    String idempotencyKey, String correlationId) {
        var outcome = runner.handle(projectId, new CommandRunner.Request<>(state -> command, state -> actor,
                new CommandRunner.Origin(correlationId, null, traces.current()), idempotencyKey));
        return outcome instanceof CommandRunner.Outcome.Appended<EscalationEvent>(var events) ? events : List.of();
    }

    /** Its group commit as operators see it (runner="escalations"), bound like any meter binder bean. */
    @Override
    public void bindTo(MeterRegistry registry) {
        new CommandRunnerMeters(runner).bindTo(registry);
    }

    @PreDestroy
    void close() {
        runner.close();
    }
}
