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
}
