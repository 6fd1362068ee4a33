package org.projectchat.escalations.domain;

import org.junit.jupiter.api.Test;
import org.projectchat.contract.EscalationEvent;
import org.projectchat.contract.EscalationEvent.DeadlineKind;
import org.projectchat.contract.EscalationEvent.Outcome;
import org.projectchat.contract.EscalationEvent.Trigger;
import org.projectchat.contract.EscalationReason;
import org.projectchat.contract.ParticipantRole;
import org.projectchat.contract.Visibility;
import org.projectchat.eventsourcing.decider.Decision;
import org.projectchat.eventsourcing.decider.Rejection;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Given events, when a command, then events (or a rejection). */
class EscalationDeciderTest {

    static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");
    final EscalationDecider decider = new EscalationDecider();

    ProjectEscalations given(EscalationEvent... events) {
        ProjectEscalations state = decider.initialState("prj-1");
        for (EscalationEvent e : events) {
            state = decider.evolve(state, e);
        }
        return state;
    }

    List<EscalationEvent> when(ProjectEscalations state, EscalationCommand command) {
        Decision<EscalationEvent> decision = decider.decide(command, state, 0);
        assertThat(decision).isInstanceOf(Decision.Accepted.class);
        return ((Decision.Accepted<EscalationEvent>) decision).events();
    }

    Rejection rejected(ProjectEscalations state, EscalationCommand command) {
        Decision<EscalationEvent> decision = decider.decide(command, state, 0);
        assertThat(decision).isInstanceOf(Decision.Rejected.class);
        return ((Decision.Rejected<EscalationEvent>) decision).rejection();
    }

    static EscalationEvent.EscalationOpened opened(String caseId, String message) {
        return new EscalationEvent.EscalationOpened(caseId, Trigger.MANUAL, EscalationReason.PAYMENT, "Pay invoice 7",
                "u-exp", message, Visibility.EVERYONE, null);
    }

    static EscalationEvent.ResponseDue clientReplyDue(String id, Instant start) {
        return new EscalationEvent.ResponseDue(id, DeadlineKind.CLIENT_REPLY, "m-" + id, ParticipantRole.CLIENT, start,
                start.plus(Duration.ofHours(24)), start.plus(Duration.ofHours(48)));
    }

    @Test
    void aPostWithAnEscalationOpensACaseOnce() {
        var raise = new EscalationCommand.Raise("c-1", EscalationReason.PAYMENT, "Pay invoice 7", "u-exp", "m-1",
                Visibility.EVERYONE);
        assertThat(when(given(), raise)).containsExactly(opened("c-1", "m-1"));
        assertThat(when(given(opened("c-1", "m-1")), raise)).isEmpty();
    }

    @Test
    void acknowledgeNoteResolveReopen() {
        var state = given(opened("c-1", "m-1"));
        assertThat(when(state, new EscalationCommand.Acknowledge("c-1", "u-ops")))
                .containsExactly(new EscalationEvent.EscalationAcknowledged("c-1", "u-ops"));
        state = given(opened("c-1", "m-1"), new EscalationEvent.EscalationAcknowledged("c-1", "u-ops"));
        assertThat(when(state, new EscalationCommand.Acknowledge("c-1", "u-ops"))).as("already theirs").isEmpty();
        assertThat(when(state, new EscalationCommand.Acknowledge("c-1", "u-am")))
                .containsExactly(new EscalationEvent.EscalationAcknowledged("c-1", "u-am"));
        assertThat(when(state, new EscalationCommand.AddNote("c-1", "n-1", "  Called the client  ")))
                .containsExactly(new EscalationEvent.EscalationNoteAdded("c-1", "n-1", "Called the client"));
        assertThat(rejected(state, new EscalationCommand.AddNote("c-1", "n-2", " ")).code()).isEqualTo("empty-note");
        assertThat(rejected(state, new EscalationCommand.Reopen("c-1", null)).code()).isEqualTo("case-not-resolved");

        state = given(opened("c-1", "m-1"), new EscalationEvent.EscalationResolved("c-1", Outcome.MEDIATED, "Paid"));
        assertThat(rejected(state, new EscalationCommand.Resolve("c-1", Outcome.RESOLVED, null)).code()).isEqualTo("case-resolved");
        assertThat(rejected(state, new EscalationCommand.Acknowledge("c-1", "u-ops")).reason()).isEqualTo(Rejection.Reason.CONFLICT);
        assertThat(when(state, new EscalationCommand.Reopen("c-1", "Not paid after all")))
                .containsExactly(new EscalationEvent.EscalationReopened("c-1", "Not paid after all"));
        assertThat(rejected(given(), new EscalationCommand.Acknowledge("c-9", "u-ops")).reason())
                .isEqualTo(Rejection.Reason.NOT_FOUND);
    }

    @Test
    void aClockOfAKindRunsOnceFromTheFirstPost() {
        var start = new EscalationCommand.StartClock("d-1", DeadlineKind.CLIENT_REPLY, "m-1", ParticipantRole.CLIENT, T0,
                T0.plus(Duration.ofHours(24)), T0.plus(Duration.ofHours(48)));
        assertThat(when(given(), start)).hasSize(1);
        var later = new EscalationCommand.StartClock("d-2", DeadlineKind.CLIENT_REPLY, "m-2", ParticipantRole.CLIENT,
                T0.plusSeconds(60), T0.plus(Duration.ofHours(25)), T0.plus(Duration.ofHours(49)));
        assertThat(when(given(clientReplyDue("d-1", T0)), later)).isEmpty();
    }

    @Test
    void anAnswerStopsTheClocksOfItsSideOnly() {
        var state = given(clientReplyDue("d-1", T0), new EscalationEvent.ResponseDue("d-2", DeadlineKind.EXPERT_RESPONSE,
                "m-2", ParticipantRole.EXPERT, T0, T0.plus(Duration.ofHours(4)), T0.plus(Duration.ofHours(8))));
        Instant reply = T0.plus(Duration.ofHours(47));
        assertThat(when(state, new EscalationCommand.Answer(ParticipantRole.CLIENT, "u-cli", "m-3", reply)))
                .containsExactly(new EscalationEvent.ResponseReceived("d-1", "u-cli", "m-3", reply));
        assertThat(when(state, new EscalationCommand.Answer(ParticipantRole.ACCOUNT_MANAGER, "u-am", "m-3", reply)))
                .as("the account manager answers for the client side").hasSize(1);
    }

    @Test
    void aReplayedOldPostNeitherAnswersNorStartsANewerClock() {
        Instant old = T0.minus(Duration.ofHours(1));
        var state = given(clientReplyDue("d-1", T0));
        assertThat(when(state, new EscalationCommand.Answer(ParticipantRole.CLIENT, "u-cli", "m-0", old))).isEmpty();
        var answered = given(clientReplyDue("d-1", T0), new EscalationEvent.ResponseReceived("d-1", "u-cli", "m-3",
                T0.plus(Duration.ofHours(2))));
        var replayedStart = new EscalationCommand.StartClock("d-0", DeadlineKind.CLIENT_REPLY, "m-0", ParticipantRole.CLIENT,
                T0.plus(Duration.ofHours(1)), T0.plus(Duration.ofHours(25)), T0.plus(Duration.ofHours(49)));
        assertThat(when(answered, replayedStart)).isEmpty();
    }

    @Test
    void theClientReplyClockRemindsAt24HoursAndOpensACaseAt48Once() {
        var state = given(clientReplyDue("d-1", T0));
        assertThat(when(state, new EscalationCommand.Fire("d-1", T0.plus(Duration.ofHours(23)), List.of("u-cli"), "c-9", "r")))
                .as("before the warning time").isEmpty();
        assertThat(when(state, new EscalationCommand.Fire("d-1", T0.plus(Duration.ofHours(24)), List.of("u-cli", "u-cli2"), "c-9", "r")))
                .containsExactly(new EscalationEvent.ResponseWarning("d-1", DeadlineKind.CLIENT_REPLY, ParticipantRole.CLIENT,
                                T0.plus(Duration.ofHours(48))),
                        new EscalationEvent.ReminderIssued("r-0", EscalationEvent.ReminderKind.CLIENT_REPLY, "u-cli", "d-1"),
                        new EscalationEvent.ReminderIssued("r-1", EscalationEvent.ReminderKind.CLIENT_REPLY, "u-cli2", "d-1"));
        var warned = given(clientReplyDue("d-1", T0), new EscalationEvent.ResponseWarning("d-1", DeadlineKind.CLIENT_REPLY,
                ParticipantRole.CLIENT, T0.plus(Duration.ofHours(48))));
        assertThat(when(warned, new EscalationCommand.Fire("d-1", T0.plus(Duration.ofHours(30)), List.of("u-cli"), "c-9", "r")))
                .as("warned once").isEmpty();
        List<EscalationEvent> breach = when(warned, new EscalationCommand.Fire("d-1", T0.plus(Duration.ofHours(48)),
                List.of("u-cli"), "c-9", "r"));
        assertThat(breach).hasSize(2);
        assertThat(breach.get(0)).isInstanceOf(EscalationEvent.SlaBreached.class);
        var opened = (EscalationEvent.EscalationOpened) breach.get(1);
        assertThat(opened.trigger()).isEqualTo(Trigger.CLIENT_UNRESPONSIVE_TIMER);
        assertThat(opened.reason()).isEqualTo(EscalationReason.CLIENT_UNRESPONSIVE);
        var afterBreach = given(clientReplyDue("d-1", T0), breach.get(0), breach.get(1));
        assertThat(when(afterBreach, new EscalationCommand.Fire("d-1", T0.plus(Duration.ofHours(49)), List.of(), "c-9", "r")))
                .as("a second firing changes nothing").isEmpty();
    }

    @Test
    void anExpertResponseBreachOpensNoCase() {
        var state = given(new EscalationEvent.ResponseDue("d-2", DeadlineKind.EXPERT_RESPONSE, "m-2", ParticipantRole.EXPERT,
                T0, T0.plus(Duration.ofHours(4)), T0.plus(Duration.ofHours(8))));
        assertThat(when(state, new EscalationCommand.Fire("d-2", T0.plus(Duration.ofHours(9)), List.of(), "c-9", "r")))
                .containsExactly(new EscalationEvent.SlaBreached("d-2", DeadlineKind.EXPERT_RESPONSE, ParticipantRole.EXPERT,
                        T0.plus(Duration.ofHours(8))));
    }

    @Test
    void anUnacknowledgedBlockerOpensACase() {
        var state = given(new EscalationEvent.ResponseDue("d-3", DeadlineKind.BLOCKER_ACKNOWLEDGEMENT, "m-3",
                ParticipantRole.PLATFORM_OPS, T0, T0.plus(Duration.ofMinutes(30)), T0.plus(Duration.ofHours(1))));
        var events = when(state, new EscalationCommand.Fire("d-3", T0.plus(Duration.ofHours(1)), List.of(), "c-3", "r"));
        assertThat(events).extracting(e -> e.getClass().getSimpleName()).containsExactly("SlaBreached", "EscalationOpened");
        assertThat(((EscalationEvent.EscalationOpened) events.get(1)).trigger()).isEqualTo(Trigger.UNACKNOWLEDGED_BLOCKER_TIMER);
    }
}
