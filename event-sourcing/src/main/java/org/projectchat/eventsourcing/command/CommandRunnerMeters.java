package org.projectchat.eventsourcing.command;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * A command runner's group commit as operators see it, tagged with the runner's name: the commits with events in
 * them ({@code commands_transactions_total}), the commands whose events they stored ({@code commands_appended_total};
 * the ratio of their rates is the batch size: commands that come one after another commit one a transaction,
 * concurrent ones share) and the commands waiting for the next batch ({@code commands_waiting}). A service binds one
 * for each of its runners, as a bean or from a meter binder of its own.
 */
public record CommandRunnerMeters(CommandRunner<?, ?, ?> runner) implements MeterBinder {

    @Override
    public void bindTo(MeterRegistry registry) {
        FunctionCounter.builder("commands.transactions", runner, CommandRunner::transactions).tag("runner", runner.name())
                .description("transactions the command runner committed with events in them").register(registry);
        FunctionCounter.builder("commands.appended", runner, CommandRunner::appended).tag("runner", runner.name())
                .description("commands whose events those transactions stored").register(registry);
        Gauge.builder("commands.waiting", runner, CommandRunner::waiting).tag("runner", runner.name())
                .description("commands waiting for the next batch").register(registry);
    }
}
