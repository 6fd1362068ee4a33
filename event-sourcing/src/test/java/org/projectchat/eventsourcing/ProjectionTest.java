package org.projectchat.eventsourcing;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;
import org.projectchat.baseline.web.ApiProblem;
import org.projectchat.contract.Actor;
import org.projectchat.contract.ChatEvent;
import org.projectchat.contract.CloudEventHeaders;
import org.projectchat.contract.EventEnvelope;
import org.projectchat.contract.EventJson;
import org.projectchat.contract.EventPayload;
import org.projectchat.contract.FileEvent;
import org.projectchat.contract.MessageKind;
import org.projectchat.contract.ParticipantRole;
import org.projectchat.contract.PlatformRole;
import org.projectchat.contract.PlatformUser;
import org.projectchat.contract.Visibility;
import org.projectchat.contract.VisibilityRule;
import org.projectchat.embedded.EmbeddedServers;
import org.projectchat.embedded.Server;
import org.projectchat.eventsourcing.command.CommandRunner;
import org.projectchat.eventsourcing.projection.Projection;
import org.projectchat.eventsourcing.roster.ProjectReaders;
import org.projectchat.eventsourcing.roster.Rosters;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.support.serializer.DeserializationException;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@EmbeddedServers({Server.KAFKA, Server.POSTGRES})
class ProjectionTest {

    static final ChatEvent.Participant EXPERT = new ChatEvent.Participant("u-exp", "Erik", "erik", "erik@example.com",
            ParticipantRole.EXPERT, "Europe/Berlin");
    static final ChatEvent.Participant CLIENT = new ChatEvent.Participant("u-cli", "Clara", "Clara", null, ParticipantRole.CLIENT, "UTC");

    static <P extends EventPayload> EventEnvelope<EventPayload> event(String stream, long version, P payload) {
        return new EventEnvelope<>(org.projectchat.contract.EventIds.next(), null, 0, stream, version,
                Instant.parse("2026-12-01T09:00:00Z").plusSeconds(version), new Actor("u-exp", "Erik", "EXPERT"), null, null, null,
                payload);
    }

    static ChatEvent.MessagePosted post(String id) {
        return new ChatEvent.MessagePosted(id, 0, null, "hi", MessageKind.GENERAL, Visibility.EVERYONE, List.of(), List.of(), null);
    }

    @Test
    void aRedeliveredBatchChangesNothingAndEachTopicOfAStreamKeepsItsOwnPosition() {
        String stream = Kit.newStream();
        List<String> seen = new ArrayList<>();
        Projection projection = noting(stream, seen);
        List<EventEnvelope<EventPayload>> batch = List.of(
                event(stream, 1, new ChatEvent.ProjectChatOpened(stream, "P", List.of(EXPERT))),
                event(stream, 2, post("m-1")),
                event(stream, 1, new FileEvent.FileUploaded("f-1", "a.pdf", 10, "application/pdf", "0".repeat(64))));
        assertThat(projection.apply(batch)).isEqualTo(3);
        assertThat(projection.apply(batch)).isZero();
        assertThat(projection.apply(List.of(batch.get(1), event(stream, 3, post("m-2"))))).isEqualTo(1);
        assertThat(seen).containsExactly("chat.events.v1@1", "chat.events.v1@2", "file.events.v1@1", "chat.events.v1@3");
        assertThat(projection.appliedEvents()).isEqualTo(4);
    }

    @Test
    void inlineItAppliesWithTheCallersTransactionAndLeavesAStreamItLagsBehindInToTheConsumer() {
        String stream = Kit.newStream();
        List<String> seen = new ArrayList<>();
        Projection projection = noting(stream, seen);
        CommandRunner.InlineProjection<EventPayload> inline = projection.inline();
        var opened = event(stream, 1, new ChatEvent.ProjectChatOpened(stream, "P", List.of(EXPERT)));

        // rolled back with the transaction it ran in
        Kit.tx().executeWithoutResult(status -> {
            inline.apply(List.of(opened));
            status.setRollbackOnly();
        });
        assertThat(projection.appliedEvents()).isZero();
        seen.clear(); // what the handler was shown then was rolled back

        Kit.tx().executeWithoutResult(status -> inline.apply(List.of(opened, event(stream, 2, post("m-2")))));
        assertThat(projection.appliedEvents()).isEqualTo(2);

        // version 3 is still on its way over the topic: 4 is not applied ahead of it
        Kit.tx().executeWithoutResult(status -> inline.apply(List.of(event(stream, 4, post("m-4")))));
        assertThat(projection.appliedEvents()).isEqualTo(2);
        assertThat(projection.apply(List.of(event(stream, 3, post("m-3")), event(stream, 4, post("m-4"))))).isEqualTo(2);
        Kit.tx().executeWithoutResult(status -> inline.apply(List.of(event(stream, 5, post("m-5")))));
        assertThat(seen).containsExactly("chat.events.v1@1", "chat.events.v1@2", "chat.events.v1@3", "chat.events.v1@4",
                "chat.events.v1@5");
    }

    @Test
    void aFailingEffectLeavesNoPositionBehindSoTheBatchIsAppliedWhenRedelivered() {
        String stream = Kit.newStream();
        AtomicInteger calls = new AtomicInteger();
        Projection projection = new Projection("test-" + stream, true, (events, jdbc) -> {
            if (calls.incrementAndGet() == 1) {
                throw new IllegalStateException("database went away");
            }
        }, Kit.dataSource());
        var batch = List.of(event(stream, 1, new ChatEvent.ProjectChatOpened(stream, "P", List.of(EXPERT))));
        assertThatThrownBy(() -> projection.apply(batch)).hasMessageContaining("went away");
        assertThat(new Rosters(Kit.jdbc()).standing(stream, "u-exp").projectKnown()).isFalse();
        assertThat(projection.apply(batch)).isEqualTo(1);
        assertThat(new Rosters(Kit.jdbc()).standing(stream, "u-exp").role()).isEqualTo(ParticipantRole.EXPERT);
    }

    @Test
    void theRosterFollowsParticipantEventsAndTheReaderCheckAnswersFromIt() {
        String stream = Kit.newStream();
        Projection projection = new Projection("roster-" + stream, true, (events, jdbc) -> { }, Kit.dataSource());
        projection.apply(List.of(
                event(stream, 1, new ChatEvent.ProjectChatOpened(stream, "P", List.of(EXPERT))),
                event(stream, 2, new ChatEvent.ParticipantAdded(CLIENT)),
                event(stream, 3, new ChatEvent.ParticipantRoleChanged("u-cli", ParticipantRole.CLIENT, ParticipantRole.ACCOUNT_MANAGER)),
                event(stream, 4, new ChatEvent.ParticipantRemoved("u-exp"))));
        Rosters rosters = new Rosters(Kit.jdbc());
        ProjectReaders readers = new ProjectReaders(rosters, () -> false);

        assertThat(rosters.members(stream, false)).extracting(Rosters.Member::userId).containsExactly("u-cli");
        assertThat(rosters.members(stream, true)).extracting(Rosters.Member::userId).containsExactly("u-exp", "u-cli");
        assertThat(rosters.activeProjectsOf("u-cli")).containsEntry(stream, ParticipantRole.ACCOUNT_MANAGER);
        assertThat(rosters.activeRoles(List.of(stream))).containsOnlyKeys(stream);
        assertThat(rosters.userIdsForHandles(List.of("clara"))).contains("u-cli");

        assertThat(readers.readerFor(stream, user("u-cli", PlatformRole.USER)))
                .isEqualTo(VisibilityRule.Reader.participant(ParticipantRole.ACCOUNT_MANAGER));
        assertThat(readers.readerFor(stream, user("u-ops", PlatformRole.PLATFORM_OPS))).isEqualTo(VisibilityRule.Reader.staff());
        assertThatThrownBy(() -> readers.readerFor(stream, user("u-exp", PlatformRole.USER)))
                .isInstanceOfSatisfying(ApiProblem.class, p -> assertThat(p.status().value()).isEqualTo(403));
        assertThatThrownBy(() -> readers.readerFor(Kit.newStream(), user("u-cli", PlatformRole.USER)))
                .isInstanceOfSatisfying(ApiProblem.class, p -> assertThat(p.status().value()).isEqualTo(404));
    }

    @Test
    void recordsOfEventsItHasAppliedAreNotReadAndTheRestAreAppliedInOrder() {
        String stream = Kit.newStream();
        List<String> seen = new ArrayList<>();
        Projection projection = noting(stream, seen);
        var opened = event(stream, 1, new ChatEvent.ProjectChatOpened(stream, "P", List.of(EXPERT)));
        var first = event(stream, 2, post("m-2"));
        projection.apply(List.of(opened, first)); // as the command runner does inline
        seen.clear();

        // the first two say by their headers that they are applied: their values would fail to be read, and are not read
        var records = List.of(recorded(opened, "{not json"), recorded(first, "{not json"), recorded(event(stream, 3, post("m-3")), null),
                withoutHeaders(recorded(event(stream, 4, post("m-4")), null)));
        assertThat(projection.deliverRecorded(records)).isEqualTo(2);
        assertThat(seen).containsExactly("chat.events.v1@3", "chat.events.v1@4");
        assertThat(projection.deliverRecorded(records)).as("a redelivered poll").isZero();
        assertThat(projection.appliedEvents()).isEqualTo(4);
    }

    @Test
    void aRecordItHasNotAppliedAndCannotReadGoesToTheErrorHandlerAfterWhatCameBeforeIt() {
        String stream = Kit.newStream();
        List<String> seen = new ArrayList<>();
        Projection projection = noting(stream, seen);
        var records = List.of(recorded(event(stream, 1, new ChatEvent.ProjectChatOpened(stream, "P", List.of(EXPERT))), null),
                recorded(event(stream, 2, post("m-2")), "{not json"), recorded(event(stream, 3, post("m-3")), null));
        assertThatThrownBy(() -> projection.deliverRecorded(records))
                .isInstanceOfSatisfying(BatchListenerFailedException.class, e -> {
                    assertThat(e.getIndex()).isEqualTo(1);
                    assertThat(e.getCause()).isInstanceOf(DeserializationException.class)
                            .hasCauseInstanceOf(EventJson.MalformedEventException.class);
                });
        assertThat(seen).containsExactly("chat.events.v1@1");
        assertThat(projection.deliverRecorded(records.subList(2, 3))).isEqualTo(1);
    }

    /** A projection of its own that notes each event it is shown, as topic@version. */
    static Projection noting(String stream, List<String> seen) {
        return new Projection("test-" + stream, false,
                (events, jdbc) -> events.forEach(e -> seen.add(e.topic() + "@" + e.streamVersion())), Kit.dataSource());
    }

    /** An event's record as the relay publishes it; its value replaced where one is given. */
    static ConsumerRecord<String, byte[]> recorded(EventEnvelope<EventPayload> event, String value) {
        var headers = new RecordHeaders();
        CloudEventHeaders.write(event, headers);
        return new ConsumerRecord<>(event.topic(), 0, event.streamVersion(), 0L, TimestampType.CREATE_TIME, 0, 0,
                event.streamId(), value == null ? EventJson.write(event) : value.getBytes(StandardCharsets.UTF_8), headers,
                Optional.empty());
    }

    static ConsumerRecord<String, byte[]> withoutHeaders(ConsumerRecord<String, byte[]> record) {
        return new ConsumerRecord<>(record.topic(), record.partition(), record.offset(), record.key(), record.value());
    }

    static PlatformUser user(String id, PlatformRole role) {
        return new PlatformUser(id, id, null, Set.of(role));
    }
}
