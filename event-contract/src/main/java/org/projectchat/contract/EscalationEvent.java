package org.projectchat.contract;

import java.time.Instant;
import java.util.Objects;

/**
 * Escalation cases, response deadlines and reminders, published on {@code escalation.events.v1}, keyed by project id.
 * A case is raised by a participant (a post carrying an escalation) or opened by a timer (client unresponsive, a
 * blocker nobody in ops acknowledged); ops and the project's account managers acknowledge, note, resolve and reopen
 * it. Deadlines are computed from event time in business hours and carried in the events, so every subscriber sees
 * the same due times. Records only grow, as in {@link ChatEvent}.
 */
public sealed interface EscalationEvent extends EventPayload {

    /** What opened a case: a participant, or a timer. */
    enum Trigger { MANUAL, CLIENT_UNRESPONSIVE_TIMER, UNACKNOWLEDGED_BLOCKER_TIMER }

    /** How a case ended. */
    enum Outcome { RESOLVED, MEDIATED, NO_ACTION_NEEDED, WITHDRAWN }

    /**
     * What a deadline is for, and so whose it is.
     * <ul>
     *   <li>{@code CLIENT_REPLY}: the client side has not answered the expert side (48 h of calendar time, reminder at
     *       24 h, then a {@code CLIENT_UNRESPONSIVE} case).</li>
     *   <li>{@code EXPERT_RESPONSE}: a client-side message awaits an expert's answer (warning at 4 business hours,
     *       breach at 8).</li>
     *   <li>{@code CLIENT_QUESTION}: a client's question, due by the end of the experts' business day.</li>
     *   <li>{@code URGENT_RESPONSE}: a client-side blocker or urgent post, due within an hour.</li>
     *   <li>{@code BLOCKER_ACKNOWLEDGEMENT}: an expert's blocker awaiting ops (1 business hour, then a case).</li>
     * </ul>
     */
    enum DeadlineKind { CLIENT_REPLY, EXPERT_RESPONSE, CLIENT_QUESTION, URGENT_RESPONSE, BLOCKER_ACKNOWLEDGEMENT }

    /** What a reminder asks for. */
    enum ReminderKind { CLIENT_REPLY, DAILY_PROGRESS, WEEKLY_SUMMARY }

    /** An event about one case. */
    sealed interface CaseEvent extends EscalationEvent {
        String caseId();

        @Override
        default String entityId() {
            return caseId();
        }
    }

    /** An event about one deadline. */
    sealed interface DeadlineEvent extends EscalationEvent {
        String deadlineId();

        @Override
        default String entityId() {
            return deadlineId();
        }
    }

    /**
     * @param raisedBy         the participant who escalated; for a timer's case, the participant it protects (the
     *                         expert left waiting), or null
     * @param sourceMessageId  the post that raised it, or the message the timer ran from
     * @param sourceVisibility who may see that message: a subscriber showing the case to people applies the visibility
     *                         rule to it as to the message
     * @param deadlineId       for a timer's case, the deadline that ran out
     */
    record EscalationOpened(String caseId, Trigger trigger, EscalationReason reason, String resolutionSought,
                            String raisedBy, String sourceMessageId, Visibility sourceVisibility, String deadlineId)
            implements CaseEvent {
        public EscalationOpened {
            Objects.requireNonNull(caseId, "caseId");
            Objects.requireNonNull(trigger, "trigger");
            Objects.requireNonNull(reason, "reason");
            sourceVisibility = sourceVisibility == null ? Visibility.EVERYONE : sourceVisibility;
        }
    }

    /** Ops or an account manager took ownership. */
    record EscalationAcknowledged(String caseId, String owner) implements CaseEvent {
    }

    /** A note of ops on the case: seen by ops and account managers only, never by the participant who raised it. */
    record EscalationNoteAdded(String caseId, String noteId, String body) implements CaseEvent {
    }

    record EscalationResolved(String caseId, Outcome outcome, String summary) implements CaseEvent {
    }

    record EscalationReopened(String caseId, String reason) implements CaseEvent {
    }

    /**
     * A response clock started.
     *
     * @param messageId       the message that started it
     * @param responsibleRole the side that must act (any participant of that role answers it)
     * @param warnAt          when a warning goes out if nobody has acted
     * @param dueAt           when it is breached
     */
    record ResponseDue(String deadlineId, DeadlineKind kind, String messageId, ParticipantRole responsibleRole,
                       Instant startedAt, Instant warnAt, Instant dueAt) implements DeadlineEvent {
    }

    /** The warning time of a deadline passed and nobody has acted yet. */
    record ResponseWarning(String deadlineId, DeadlineKind kind, ParticipantRole responsibleRole, Instant dueAt)
            implements DeadlineEvent {
    }

    /** A deadline passed unmet. */
    record SlaBreached(String deadlineId, DeadlineKind kind, ParticipantRole responsibleRole, Instant dueAt)
            implements DeadlineEvent {
    }

    /** Someone of the responsible side acted: the clock stopped. */
    record ResponseReceived(String deadlineId, String answeredBy, String answerMessageId, Instant answeredAt)
            implements DeadlineEvent {
    }

    /**
     * A participant is reminded to act.
     *
     * @param period the day or week it is about (ISO date or week), or the deadline it belongs to
     */
    record ReminderIssued(String reminderId, ReminderKind kind, String userId, String period) implements EscalationEvent {
    }
}
