package org.projectchat.eventsourcing;

import org.junit.jupiter.api.Test;
import org.projectchat.baseline.web.ApiProblem;
import org.projectchat.contract.Actor;
import org.projectchat.contract.ChatEvent;
import org.projectchat.contract.EventJson;
import org.projectchat.embedded.EmbeddedServers;
import org.projectchat.embedded.Server;
import org.projectchat.eventsourcing.command.CommandRunner;
import org.projectchat.eventsourcing.store.EventStore;

import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@EmbeddedServers({Server.KAFKA, Server.POSTGRES})
class CommandRunnerTest {

    static CommandRunner.Request<Reads.Read, Integer> read(String userId) {
        return new CommandRunner.Request<>(state -> new Reads.Read(userId), state -> new Actor(userId, userId, "CLIENT"),
                new CommandRunner.Origin("corr", "test", null), null);
    }

    @Test
    void twoInstancesWritingOneStreamRetryTheirConflictsAndEveryEventIsDecidedOnTheVersionItFollows() throws Exception {
        EventStore store = Kit.store();
        var first = new CommandRunner<>(new Reads(), store, Clock.systemUTC(), 100);
        var second = new CommandRunner<>(new Reads(), store, Clock.systemUTC(), 100);
        String stream = Kit.newStream();
        Set<String> failures = ConcurrentHashMap.newKeySet();
        try (var pool = Executors.newFixedThreadPool(8)) {
            for (int i = 0; i < 160; i++) {
                var runner = i % 2 == 0 ? first : second;
                pool.submit(() -> {
                    try {
                        runner.handle(stream, read("u-1"));
                    } catch (RuntimeException e) {
                        failures.add(e.toString());
                    }
                });
            }
        }
        assertThat(failures).isEmpty();
        List<String> envelopes = Kit.jdbc().queryForList(
                "select convert_from(envelope, 'UTF8') from events where stream_id = ? order by stream_version", String.class, stream);
        assertThat(envelopes).hasSize(160);
        for (String json : envelopes) {
            var event = EventJson.read(json);
            assertThat(((ChatEvent.MessagesRead) event.payload()).upToPosition()).isEqualTo(event.streamVersion());
        }
    }

    @Test
    void aRejectionAppendsNothingAndIsTheMatchingProblem() {
        var runner = new CommandRunner<>(new Reads(), Kit.store(), Clock.systemUTC(), 100);
        String stream = Kit.newStream();
        assertThatThrownBy(() -> runner.handle(stream, read(" ")))
                .isInstanceOfSatisfying(ApiProblem.class, p -> assertThat(p.status().value()).isEqualTo(400));
        assertThat(Kit.store().version(stream)).isZero();
    }

    @Test
    void aCommandRepeatedWithItsIdempotencyKeyAppendsNothingAndAnswersWithTheFirstEvent() {
        var runner = new CommandRunner<>(new Reads(), Kit.store(), Clock.systemUTC(), 100);
        String stream = Kit.newStream();
        var keyed = new CommandRunner.Request<Reads.Read, Integer>(state -> new Reads.Read("u-1"), state -> new Actor("u-1", "U", "CLIENT"),
                new CommandRunner.Origin("corr", "test", null), "read:1");
        var appended = (CommandRunner.Outcome.Appended<ChatEvent>) runner.handle(stream, keyed);
        runner.handle(stream, read("u-2"));
        var repeated = (CommandRunner.Outcome.Repeated<ChatEvent>) runner.handle(stream, keyed);
        assertThat(repeated.first().eventId()).isEqualTo(appended.events().getFirst().eventId());
        assertThat(Kit.store().version(stream)).isEqualTo(2);
    }

    @Test
    void theInlineProjectionHasACommandsEventsWhenItIsAnsweredAndOneThatMayFallBehindCannotFailIt() {
        String stream = Kit.newStream();
        List<String> applied = new java.util.concurrent.CopyOnWriteArrayList<>();
        var projection = new org.projectchat.eventsourcing.projection.Projection("inline-" + stream, false,
                (events, jdbc) -> {
                    if (events.stream().anyMatch(e -> ((ChatEvent.MessagesRead) e.payload()).userId().equals("u-poison"))) {
                        throw new IllegalStateException("cannot apply this one");
                    }
                    events.forEach(e -> applied.add(e.streamId() + "@" + e.streamVersion()));
                }, Kit.dataSource());
        var runner = new CommandRunner<>("inline-test", new Reads(), Kit.store(), Clock.systemUTC(), 100,
                CommandRunner.Batching.DEFAULT, projection.inline());

        runner.handle(stream, read("u-1"));
        // answered: applied and committed with the event, not later
        assertThat(applied).containsExactly(stream + "@1");
        assertThat(projection.appliedEvents()).isEqualTo(1);

        // the projection fails: the command is stored all the same, the projection's consumer is left to apply it
        runner.handle(stream, read("u-poison"));
        assertThat(Kit.store().version(stream)).isEqualTo(2);
        assertThat(projection.appliedEvents()).isEqualTo(1);

        // behind in this stream now: the next event waits for the consumer, which applies the two in order
        runner.handle(stream, read("u-3"));
        assertThat(applied).containsExactly(stream + "@1");
        assertThat(Kit.store().version(stream)).isEqualTo(3);

        // a projection that must change exactly with the events fails the command instead
        var strict = new CommandRunner<>("strict-test", new Reads(), Kit.store(), Clock.systemUTC(), 100,
                CommandRunner.Batching.DEFAULT, events -> {
                    throw new IllegalStateException("cannot apply");
                });
        String other = Kit.newStream();
        assertThatThrownBy(() -> strict.handle(other, read("u-1")));
        assertThat(Kit.store().version(other)).isZero();
    }
}
