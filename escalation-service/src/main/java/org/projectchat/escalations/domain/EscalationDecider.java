package org.projectchat.escalations.domain;

import org.projectchat.contract.EscalationEvent;
import org.projectchat.contract.EscalationEvent.DeadlineKind;
import org.projectchat.contract.EscalationEvent.EscalationAcknowledged;
import org.projectchat.contract.EscalationEvent.EscalationNoteAdded;
import org.projectchat.contract.EscalationEvent.EscalationOpened;
import org.projectchat.contract.EscalationEvent.EscalationReopened;
import org.projectchat.contract.EscalationEvent.EscalationResolved;
import org.projectchat.contract.EscalationEvent.ReminderIssued;
import org.projectchat.contract.EscalationEvent.ReminderKind;
import org.projectchat.contract.EscalationEvent.ResponseDue;
import org.projectchat.contract.EscalationEvent.ResponseReceived;
import org.projectchat.contract.EscalationEvent.ResponseWarning;
import org.projectchat.contract.EscalationEvent.SlaBreached;
import org.projectchat.contract.EscalationEvent.Trigger;
import org.projectchat.contract.EscalationReason;
import org.projectchat.contract.ParticipantRole;
import org.projectchat.contract.Visibility;
import org.projectchat.escalations.domain.EscalationCommand.Acknowledge;
import org.projectchat.escalations.domain.EscalationCommand.AddNote;
import org.projectchat.escalations.domain.EscalationCommand.Answer;
import org.projectchat.escalations.domain.EscalationCommand.Fire;
import org.projectchat.escalations.domain.EscalationCommand.Raise;
import org.projectchat.escalations.domain.EscalationCommand.Remind;
import org.projectchat.escalations.domain.EscalationCommand.Reopen;
import org.projectchat.escalations.domain.EscalationCommand.Resolve;
import org.projectchat.escalations.domain.EscalationCommand.StartClock;
import org.projectchat.escalations.domain.ProjectEscalations.Case;
import org.projectchat.escalations.domain.ProjectEscalations.Deadline;
import org.projectchat.escalations.domain.ProjectEscalations.Status;
import org.projectchat.eventsourcing.decider.Decider;
import org.projectchat.eventsourcing.decider.Decision;
import org.projectchat.eventsourcing.decider.Rejection;

import java.util.ArrayList;
import java.util.List;

/**
 * The rules of a project's escalations, one stream per project: cases move open → acknowledged → resolved (and back
 * by a reopen); a clock runs once per kind at a time, stops when the side it waits for acts, warns, and breaches;
 * a client left unanswered for its clock's time, or a blocker ops never acknowledged, opens a case, once.
 */
public final class EscalationDecider implements Decider<EscalationCommand, ProjectEscalations, EscalationEvent> {

    @Override
    public ProjectEscalations initialState(String projectId) {
        return ProjectEscalations.empty(projectId);
    }

    @Override
    public Decision<EscalationEvent> decide(EscalationCommand command, ProjectEscalations state, long version) {
        return switch (command) {
            case Raise raise -> raise.messageId() != null && state.caseBySource().containsKey(raise.messageId())
                    ? Decision.nothing() // the post's case exists: a redelivered or replayed post opens no second one
                    : Decision.accept(new EscalationOpened(raise.caseId(), Trigger.MANUAL, raise.reason(),
                    raise.resolutionSought(), raise.raisedBy(), raise.messageId(), raise.visibility(), null));
            case Acknowledge ack -> withCase(state, ack.caseId(), c -> switch (c.status()) {
                case RESOLVED -> Decision.reject(Rejection.conflict("case-resolved",
                        "The case is resolved; reopen it before acknowledging it."));
                case ACKNOWLEDGED -> ack.by().equals(c.owner()) ? Decision.nothing()
                        : Decision.accept(new EscalationAcknowledged(c.caseId(), ack.by())); // ownership taken over
                case OPEN -> Decision.accept(new EscalationAcknowledged(c.caseId(), ack.by()));
            });
            case AddNote note -> withCase(state, note.caseId(), c -> note.body() == null || note.body().isBlank()
                    ? Decision.reject(Rejection.invalid("empty-note", "A note needs some text."))
                    : Decision.accept(new EscalationNoteAdded(c.caseId(), note.noteId(), note.body().strip())));
            case Resolve resolve -> withCase(state, resolve.caseId(), c -> c.status() == Status.RESOLVED
                    ? Decision.reject(Rejection.conflict("case-resolved", "The case is already resolved."))
                    : Decision.accept(new EscalationResolved(c.caseId(), resolve.outcome(), resolve.summary())));
            case Reopen reopen -> withCase(state, reopen.caseId(), c -> c.status() != Status.RESOLVED
                    ? Decision.reject(Rejection.conflict("case-not-resolved", "Only a resolved case can be reopened."))
                    : Decision.accept(new EscalationReopened(c.caseId(), reopen.reason())));
            // a clock of this kind already running from an earlier message is due first; a post older than what this
            // kind of clock has seen is a replay
            case StartClock start -> state.pendingOf(start.kind()).isPresent() || !state.isNewFor(start.kind(), start.startedAt())
                    ? Decision.nothing()
                    : Decision.accept(new ResponseDue(start.deadlineId(), start.kind(), start.messageId(),
                    start.responsibleRole(), start.startedAt(), start.warnAt(), start.dueAt()));
            case Answer answer -> answered(state, answer);
            case Fire fire -> fired(state, fire);
            case Remind remind -> Decision.accept(new ReminderIssued(remind.reminderId(), remind.kind(), remind.userId(),
                    remind.period()));
        };
    }

    /** Every pending deadline the answering side is responsible for stops. */
    private static Decision<EscalationEvent> answered(ProjectEscalations state, Answer answer) {
        List<EscalationEvent> events = new ArrayList<>();
        state.pending().values().stream()
                .filter(d -> answers(answer.side(), d.responsibleRole()))
                .filter(d -> !d.startedAt().isAfter(answer.at())) // a replayed old post answers no newer clock
                .sorted(java.util.Comparator.comparing(Deadline::dueAt).thenComparing(Deadline::deadlineId))
                .forEach(d -> events.add(new ResponseReceived(d.deadlineId(), answer.userId(), answer.messageId(), answer.at())));
        return new Decision.Accepted<>(events);
    }

    /** Whether a message by someone of {@code side} answers a deadline of {@code responsible}. */
    public static boolean answers(ParticipantRole side, ParticipantRole responsible) {
        return switch (responsible) {
            case CLIENT, ACCOUNT_MANAGER -> side.isClientSide();
            case EXPERT -> side == ParticipantRole.EXPERT;
            case PLATFORM_OPS -> side == ParticipantRole.PLATFORM_OPS;
        };
    }

    private static Decision<EscalationEvent> fired(ProjectEscalations state, Fire fire) {
        Deadline d = state.pending().get(fire.deadlineId());
        if (d == null) {
            return Decision.nothing(); // answered, or fired before: a late or second timer changes nothing
        }
        List<EscalationEvent> events = new ArrayList<>();
        if (!fire.now().isBefore(d.dueAt())) {
            events.add(new SlaBreached(d.deadlineId(), d.kind(), d.responsibleRole(), d.dueAt()));
            Trigger trigger = d.kind() == DeadlineKind.CLIENT_REPLY ? Trigger.CLIENT_UNRESPONSIVE_TIMER
                    : d.kind() == DeadlineKind.BLOCKER_ACKNOWLEDGEMENT ? Trigger.UNACKNOWLEDGED_BLOCKER_TIMER : null;
            if (trigger != null && fire.newCaseId() != null) {
                EscalationReason reason = trigger == Trigger.CLIENT_UNRESPONSIVE_TIMER ? EscalationReason.CLIENT_UNRESPONSIVE
                        : EscalationReason.OTHER;
                String sought = trigger == Trigger.CLIENT_UNRESPONSIVE_TIMER ? "The client answers the expert."
                        : "Platform ops acknowledge the expert's blocker.";
                events.add(new EscalationOpened(fire.newCaseId(), trigger, reason, sought, null, d.messageId(),
                        Visibility.EVERYONE, d.deadlineId()));
            }
        } else if (!fire.now().isBefore(d.warnAt()) && !d.warned()) {
            events.add(new ResponseWarning(d.deadlineId(), d.kind(), d.responsibleRole(), d.dueAt()));
            if (d.kind() == DeadlineKind.CLIENT_REPLY) {
                for (int i = 0; i < fire.remind().size(); i++) {
                    events.add(new ReminderIssued(fire.reminderIdPrefix() + "-" + i, ReminderKind.CLIENT_REPLY,
                            fire.remind().get(i), d.deadlineId()));
                }
            }
        }
        return new Decision.Accepted<>(events);
    }

    private static Decision<EscalationEvent> withCase(ProjectEscalations state, String caseId,
                                                      java.util.function.Function<Case, Decision<EscalationEvent>> decide) {
        return state.caseOf(caseId).map(decide)
                .orElseGet(() -> Decision.reject(Rejection.notFound("case-not-found", "No case " + caseId + " in this project.")));
    }

    @Override
    public ProjectEscalations evolve(ProjectEscalations state, EscalationEvent event) {
        return switch (event) {
            case EscalationOpened o -> state.withCase(new Case(o.caseId(), Status.OPEN, null, o.raisedBy(),
                    o.sourceVisibility()), o.trigger() == Trigger.MANUAL ? o.sourceMessageId() : null);
            case EscalationAcknowledged a -> state.caseOf(a.caseId())
                    .map(c -> state.withCase(c.with(Status.ACKNOWLEDGED, a.owner()), null)).orElse(state);
            case EscalationResolved r -> state.caseOf(r.caseId())
                    .map(c -> state.withCase(c.with(Status.RESOLVED, c.owner()), null)).orElse(state);
            case EscalationReopened r -> state.caseOf(r.caseId())
                    .map(c -> state.withCase(c.with(c.owner() == null ? Status.OPEN : Status.ACKNOWLEDGED, c.owner()), null))
                    .orElse(state);
            case EscalationNoteAdded ignored -> state;
            case ResponseDue due -> state.withDeadline(new Deadline(due.deadlineId(), due.kind(), due.messageId(),
                    due.responsibleRole(), due.startedAt(), due.warnAt(), due.dueAt(), false));
            case ResponseWarning w -> state.pending().containsKey(w.deadlineId())
                    ? state.withDeadline(state.pending().get(w.deadlineId()).asWarned()) : state;
            case SlaBreached b -> state.withoutDeadline(b.deadlineId(), b.dueAt());
            case ResponseReceived r -> state.withoutDeadline(r.deadlineId(), r.answeredAt());
            case ReminderIssued ignored -> state;
        };
    }
}
