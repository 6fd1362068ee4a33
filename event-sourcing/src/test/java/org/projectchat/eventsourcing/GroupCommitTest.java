package org.projectchat.eventsourcing;

import org.junit.jupiter.api.Test;
import org.projectchat.baseline.web.ApiProblem;
import org.projectchat.contract.Actor;
import org.projectchat.contract.ChatEvent;
import org.projectchat.contract.EventEnvelope;
import org.projectchat.embedded.EmbeddedServers;
import org.projectchat.embedded.Server;
import org.projectchat.eventsourcing.command.Arrivals;
import org.projectchat.eventsourcing.command.CommandRunner;
import org.projectchat.eventsourcing.command.CommandRunner.Outcome;
import org.projectchat.eventsourcing.store.EventStore;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Group commit: commands that wait while a batch is being decided and committed go together into the next one, one
 * transaction for all of them, and each caller gets its own answer. The first command of each test holds the
 * committer (its command is made only when the test lets it), so what the test sends meanwhile forms one batch.
 */
@EmbeddedServers({Server.KAFKA, Server.POSTGRES})
class GroupCommitTest {

    final EventStore store = Kit.store();
    final CommandRunner<Reads.Read, Integer, ChatEvent> runner = new CommandRunner<>("group-commit-test", new Reads(), store,
            Clock.systemUTC(), 100, CommandRunner.Batching.DEFAULT);
    final CountDownLatch holding = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);

    static CommandRunner.Request<Reads.Read, Integer> read(String userId, String key) {
        return new CommandRunner.Request<>(state -> new Reads.Read(userId), state -> new Actor("u", "U", "CLIENT"),
                new CommandRunner.Origin("corr", "test", null), key);
    }

    /** A command whose making waits until the test releases it: the committer is busy with it meanwhile. */
    CompletableFuture<Outcome<ChatEvent>> holdTheCommitter(String stream) {
        return holdTheCommitter(runner, stream);
    }

    CompletableFuture<Outcome<ChatEvent>> holdTheCommitter(CommandRunner<Reads.Read, Integer, ChatEvent> runner, String stream) {
        var held = CompletableFuture.supplyAsync(() -> runner.handle(stream, new CommandRunner.Request<>(state -> {
            holding.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new Reads.Read("u-first");
        }, state -> new Actor("u", "U", "CLIENT"), new CommandRunner.Origin("corr", "test", null), null)));
        await().atMost(Duration.ofSeconds(10)).until(() -> holding.getCount() == 0);
        return held;
    }

    CompletableFuture<Outcome<ChatEvent>> send(String stream, CommandRunner.Request<Reads.Read, Integer> request) {
        return send(runner, stream, request);
    }

    static CompletableFuture<Outcome<ChatEvent>> send(CommandRunner<Reads.Read, Integer, ChatEvent> runner, String stream,
                                                      CommandRunner.Request<Reads.Read, Integer> request) {
        return CompletableFuture.supplyAsync(() -> runner.handle(stream, request));
    }

    long transactionOf(String stream, long version) {
        return Kit.jdbc().queryForObject("select xmin::text::bigint from events where stream_id = ? and stream_version = ?",
                Long.class, stream, version);
    }

    static EventEnvelope<ChatEvent> appended(CompletableFuture<Outcome<ChatEvent>> future) {
        var outcome = future.join();
        assertThat(outcome).isInstanceOf(Outcome.Appended.class);
        return ((Outcome.Appended<ChatEvent>) outcome).events().getFirst();
    }

    static long readUpTo(EventEnvelope<ChatEvent> event) {
        return ((ChatEvent.MessagesRead) event.payload()).upToPosition();
    }

    @Test
    void commandsWaitingWhileABatchCommitsShareOneTransactionAndEachCallerGetsItsOwnAnswer() {
        String a = Kit.newStream();
        String b = Kit.newStream();
        var first = holdTheCommitter(a);
        var second = send(a, read("u-1", null));
        var third = send(a, read("u-2", null));
        var refused = send(a, read(" ", null));
        var other = send(b, read("u-3", null));
        await().atMost(Duration.ofSeconds(10)).until(() -> runner.waiting() == 4);
        release.countDown();

        assertThat(appended(first).streamVersion()).isEqualTo(1);
        // one project's commands decided one after another, each on the state the earlier left
        assertThat(appended(second).streamVersion()).isEqualTo(2);
        assertThat(readUpTo(appended(second))).isEqualTo(2);
        assertThat(appended(third).streamVersion()).isEqualTo(3);
        assertThatThrownBy(refused::join).hasCauseInstanceOf(ApiProblem.class);
        assertThat(appended(other).streamVersion()).isEqualTo(1);
        // and appended in one transaction, the projects together
        assertThat(transactionOf(a, 2)).isEqualTo(transactionOf(a, 3)).isEqualTo(transactionOf(b, 1))
                .isNotEqualTo(transactionOf(a, 1));
        assertThat(store.version(a)).isEqualTo(3);
        // what operators see of it: two commits, for the four commands that stored events (the refused one stored none)
        assertThat(runner.transactions()).isEqualTo(2);
        assertThat(runner.appended()).isEqualTo(4);
    }

    @Test
    void aConflictWithAnotherWriterInABatchIsDecidedAgainOnFreshStateAndTheRestOfTheBatchCommits() {
        String a = Kit.newStream();
        String b = Kit.newStream();
        String contested = Kit.newStream();
        appended(send(contested, read("u-0", null)));
        // another instance appends to the stream: this runner's cached state is now one version behind
        store.append(contested, 1, List.of(new ChatEvent.MessagesRead("u-elsewhere", 2)), Kit.by("u-elsewhere"), null);

        var first = holdTheCommitter(a);
        var good = send(a, read("u-1", null));
        var conflicting = send(contested, read("u-2", null));
        var refused = send(a, read(" ", null));
        var other = send(b, read("u-3", null));
        await().atMost(Duration.ofSeconds(10)).until(() -> runner.waiting() == 4);
        release.countDown();

        appended(first);
        assertThat(appended(good).streamVersion()).isEqualTo(2);
        var decidedAgain = appended(conflicting);
        assertThat(decidedAgain.streamVersion()).isEqualTo(3);
        assertThat(readUpTo(decidedAgain)).as("decided on the state after the other writer's event").isEqualTo(3);
        assertThatThrownBy(refused::join).hasCauseInstanceOf(ApiProblem.class);
        assertThat(appended(other).streamVersion()).isEqualTo(1);
        assertThat(store.version(contested)).isEqualTo(3);
        assertThat(store.version(a)).isEqualTo(2);
    }

    @Test
    void anIdempotencyKeyRepeatedInOneBatchOrUsedBeforeAppendsOnceAndAnswersWithTheFirstEvent() {
        String a = Kit.newStream();
        var before = appended(send(a, read("u-0", "key-before")));

        var first = holdTheCommitter(a);
        var once = send(a, read("u-1", "key-1"));
        var again = send(a, read("u-1", "key-1"));
        var retried = send(a, read("u-0", "key-before"));
        await().atMost(Duration.ofSeconds(10)).until(() -> runner.waiting() == 3);
        release.countDown();

        appended(first);
        var stored = appended(once);
        var repeated = again.join();
        assertThat(repeated).isInstanceOf(Outcome.Repeated.class);
        assertThat(((Outcome.Repeated<ChatEvent>) repeated).first().eventId()).isEqualTo(stored.eventId());
        assertThat(((Outcome.Repeated<ChatEvent>) retried.join()).first().eventId()).isEqualTo(before.eventId());
        assertThat(store.version(a)).isEqualTo(3);
    }

    /** A runner whose batches wait for requests on their way far longer than the tests' deadlines. */
    CommandRunner<Reads.Read, Integer, ChatEvent> patient(String name, Arrivals arrivals) {
        return new CommandRunner<>(name, new Reads(), store, Clock.systemUTC(), 100,
                new CommandRunner.Batching(100, Duration.ofSeconds(60), arrivals));
    }

    /**
     * A command on {@code stream} whose batch is gathering for a request on its way: the request comes in on
     * {@code request}'s thread while the committer is held, and the committer, once free, takes the command and waits.
     */
    CompletableFuture<Outcome<ChatEvent>> gatheringForARequestOnItsWay(CommandRunner<Reads.Read, Integer, ChatEvent> patient,
            Arrivals arrivals, ExecutorService request, String stream, String userId) throws Exception {
        var held = holdTheCommitter(patient, Kit.newStream());
        request.submit(arrivals::coming).get();
        var waiting = send(patient, stream, read(userId, null));
        await().atMost(Duration.ofSeconds(10)).until(() -> patient.waiting() == 1);
        release.countDown();
        appended(held);
        await().atMost(Duration.ofSeconds(10)).until(() -> patient.waiting() == 0); // the committer took it
        assertThat(waiting).as("its batch waits for the request on its way").isNotDone();
        return waiting;
    }

    @Test
    void aBatchWaitsForACommandOnItsWayAndNotWhenNoneIs() throws Exception {
        Arrivals arrivals = new Arrivals();
        var patient = patient("arrivals-test", arrivals);
        var request = Executors.newSingleThreadExecutor();
        try {
            String a = Kit.newStream();
            // none on its way: a lone command commits at once
            assertThat(send(patient, a, read("u-1", null)).get(10, TimeUnit.SECONDS)).isInstanceOf(Outcome.Appended.class);

            var waiting = gatheringForARequestOnItsWay(patient, arrivals, request, a, "u-2");
            var arriving = request.submit(() -> patient.handle(a, read("u-3", null)));
            var second = appended(waiting);
            var third = ((Outcome.Appended<ChatEvent>) arriving.get(10, TimeUnit.SECONDS)).events().getFirst();
            assertThat(transactionOf(a, second.streamVersion())).as("one transaction")
                    .isEqualTo(transactionOf(a, third.streamVersion()));
            assertThat(arrivals.onTheirWay()).isZero();
            request.submit(arrivals::gone).get();
            assertThat(arrivals.onTheirWay()).isZero();

            // a request that ends without a command (refused on its way) is not waited for either
            request.submit(arrivals::coming).get();
            request.submit(arrivals::gone).get();
            assertThat(send(patient, a, read("u-4", null)).get(10, TimeUnit.SECONDS)).isInstanceOf(Outcome.Appended.class);
        } finally {
            request.shutdownNow();
            patient.close();
        }
    }

    @Test
    void aWaitingBatchGoesAtOnceWhenTheRequestOnItsWayEndsWithoutACommand() throws Exception {
        Arrivals arrivals = new Arrivals();
        var patient = patient("refused-on-its-way-test", arrivals);
        var request = Executors.newSingleThreadExecutor();
        try {
            var waiting = gatheringForARequestOnItsWay(patient, arrivals, request, Kit.newStream(), "u-1");

            request.submit(arrivals::gone).get(); // refused on its way: no command comes
            assertThat(waiting.get(10, TimeUnit.SECONDS)).as("not held for the 60 s wait")
                    .isInstanceOf(Outcome.Appended.class);
        } finally {
            request.shutdownNow();
            patient.close();
        }
    }
}
