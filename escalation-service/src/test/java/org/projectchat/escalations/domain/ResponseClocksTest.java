package org.projectchat.escalations.domain;

import org.junit.jupiter.api.Test;
import org.projectchat.contract.ChatEvent;
import org.projectchat.contract.EscalationEvent.DeadlineKind;
import org.projectchat.contract.EscalationReason;
import org.projectchat.contract.MessageKind;
import org.projectchat.contract.ParticipantRole;
import org.projectchat.contract.Priority;
import org.projectchat.contract.Visibility;
import org.projectchat.escalations.domain.calendar.BusinessCalendar;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ResponseClocksTest {

    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    static final BusinessCalendar NINE_TO_FIVE = BusinessCalendar.weekdays(ZoneId.of("UTC"),
            List.of(BusinessCalendar.Interval.parse("09:00-17:00")));

    static ChatEvent.MessagePosted post(MessageKind kind, Visibility visibility, Priority priority, ChatEvent.Escalation escalation) {
        return new ChatEvent.MessagePosted("m-1", 1, null, "text", kind, visibility, List.of(), List.of(), escalation, priority);
    }

    static List<EscalationCommand> clocks(ChatEvent.MessagePosted post, ParticipantRole side, Instant at, BusinessCalendar... experts) {
        return ResponseClocks.forPost(post, side, "u-1", at, List.of(experts), NINE_TO_FIVE, NINE_TO_FIVE, SlaSettings.DEFAULTS);
    }

    static List<DeadlineKind> started(List<EscalationCommand> commands) {
        return commands.stream().filter(c -> c instanceof EscalationCommand.StartClock)
                .map(c -> ((EscalationCommand.StartClock) c).kind()).toList();
    }

    static Instant at(String local, ZoneId zone) {
        return LocalDateTime.parse(local).atZone(zone).toInstant();
    }

    @Test
    void anExpertPostStartsTheClientsClockAndAClientPostTheExperts() {
        Instant t = at("2026-12-07T10:00", BERLIN);
        assertThat(started(clocks(post(MessageKind.GENERAL, Visibility.EVERYONE, Priority.NORMAL, null), ParticipantRole.EXPERT, t)))
                .containsExactly(DeadlineKind.CLIENT_REPLY);
        assertThat(started(clocks(post(MessageKind.GENERAL, Visibility.EVERYONE, Priority.NORMAL, null), ParticipantRole.CLIENT, t)))
                .containsExactly(DeadlineKind.EXPERT_RESPONSE);
        assertThat(started(clocks(post(MessageKind.QUESTION, Visibility.EVERYONE, Priority.NORMAL, null), ParticipantRole.CLIENT, t)))
                .containsExactly(DeadlineKind.EXPERT_RESPONSE, DeadlineKind.CLIENT_QUESTION);
        assertThat(started(clocks(post(MessageKind.BLOCKER, Visibility.EVERYONE, Priority.NORMAL, null), ParticipantRole.CLIENT, t)))
                .containsExactly(DeadlineKind.EXPERT_RESPONSE, DeadlineKind.URGENT_RESPONSE);
        assertThat(started(clocks(post(MessageKind.GENERAL, Visibility.EVERYONE, Priority.URGENT, null), ParticipantRole.CLIENT, t)))
                .containsExactly(DeadlineKind.EXPERT_RESPONSE, DeadlineKind.URGENT_RESPONSE);
        assertThat(started(clocks(post(MessageKind.BLOCKER, Visibility.EVERYONE, Priority.NORMAL, null), ParticipantRole.EXPERT, t)))
                .containsExactly(DeadlineKind.CLIENT_REPLY, DeadlineKind.BLOCKER_ACKNOWLEDGEMENT);
    }

    @Test
    void onlyWhatBothSidesSeeTouchesAClockButAnyEscalationRaisesACase() {
        Instant t = at("2026-12-07T10:00", BERLIN);
        var clientInternal = clocks(post(MessageKind.QUESTION, Visibility.CLIENT_INTERNAL, Priority.URGENT,
                new ChatEvent.Escalation(EscalationReason.CONDUCT, "Replace the expert")), ParticipantRole.CLIENT, t);
        assertThat(clientInternal).hasSize(1).first().isInstanceOf(EscalationCommand.Raise.class);
        assertThat(clocks(post(MessageKind.GENERAL, Visibility.INTERNAL, Priority.NORMAL, null), ParticipantRole.PLATFORM_OPS, t))
                .isEmpty();
    }

    @Test
    void theExpertsDueTimeIsInTheirBusinessHoursTheEarliestOfSeveral() {
        Instant friday = at("2026-12-04T15:00", NEW_YORK); // 21:00 in Berlin, after hours there
        var commands = clocks(post(MessageKind.GENERAL, Visibility.EVERYONE, Priority.NORMAL, null), ParticipantRole.CLIENT,
                friday, NINE_TO_FIVE.in(BERLIN), NINE_TO_FIVE.in(NEW_YORK));
        var start = (EscalationCommand.StartClock) commands.get(1);
        // New York: 2 h on Friday, 6 h on Monday -> Monday 15:00 New York; Berlin: Monday 17:00 Berlin (11:00 New York)
        assertThat(start.dueAt()).isEqualTo(at("2026-12-07T17:00", BERLIN));
        assertThat(start.warnAt()).isEqualTo(at("2026-12-07T13:00", BERLIN));
    }

    @Test
    void aQuestionIsDueByTheEndOfTheExpertsBusinessDay() {
        BusinessCalendar berlin = NINE_TO_FIVE.in(BERLIN);
        var at1659 = (EscalationCommand.StartClock) clocks(post(MessageKind.QUESTION, Visibility.EVERYONE, Priority.NORMAL, null),
                ParticipantRole.CLIENT, at("2026-12-07T16:59", BERLIN), berlin).get(2);
        assertThat(at1659.dueAt()).isEqualTo(at("2026-12-07T17:00", BERLIN));
        assertThat(at1659.warnAt()).as("no warning before the question").isEqualTo(at("2026-12-07T16:59", BERLIN));
        var at1800 = (EscalationCommand.StartClock) clocks(post(MessageKind.QUESTION, Visibility.EVERYONE, Priority.NORMAL, null),
                ParticipantRole.CLIENT, at("2026-12-07T18:00", BERLIN), berlin).get(2);
        assertThat(at1800.dueAt()).isEqualTo(at("2026-12-08T17:00", BERLIN));
        assertThat(at1800.warnAt()).isEqualTo(at("2026-12-08T16:00", BERLIN));
    }

    @Test
    void idsComeFromThePostSoAReplayDerivesTheSameOnes() {
        Instant t = at("2026-12-07T10:00", BERLIN);
        var once = clocks(post(MessageKind.QUESTION, Visibility.EVERYONE, Priority.NORMAL,
                new ChatEvent.Escalation(EscalationReason.PAYMENT, null)), ParticipantRole.CLIENT, t);
        var twice = clocks(post(MessageKind.QUESTION, Visibility.EVERYONE, Priority.NORMAL,
                new ChatEvent.Escalation(EscalationReason.PAYMENT, null)), ParticipantRole.CLIENT, t);
        assertThat(twice).isEqualTo(once);
    }
}
