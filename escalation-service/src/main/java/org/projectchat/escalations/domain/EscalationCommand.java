package org.projectchat.escalations.domain;

import org.projectchat.contract.EscalationEvent.DeadlineKind;
import org.projectchat.contract.EscalationEvent.Outcome;
import org.projectchat.contract.EscalationEvent.ReminderKind;
import org.projectchat.contract.EscalationReason;
import org.projectchat.contract.ParticipantRole;
import org.projectchat.contract.Visibility;

import java.time.Instant;
import java.util.List;

/** What can be asked of a project's escalations: by participants and ops, by the chat, and by timers. */
public sealed interface EscalationCommand {

    /** A post carrying an escalation: a participant raises a case. */
    record Raise(String caseId, EscalationReason reason, String resolutionSought, String raisedBy, String messageId,
                 Visibility visibility) implements EscalationCommand {
    }

    record Acknowledge(String caseId, String by) implements EscalationCommand {
    }

    record AddNote(String caseId, String noteId, String body) implements EscalationCommand {
    }

    record Resolve(String caseId, Outcome outcome, String summary) implements EscalationCommand {
    }

    record Reopen(String caseId, String reason) implements EscalationCommand {
    }

    /** A message started a response clock (see {@link ResponseClocks} for which). */
    record StartClock(String deadlineId, DeadlineKind kind, String messageId, ParticipantRole responsibleRole,
                      Instant startedAt, Instant warnAt, Instant dueAt) implements EscalationCommand {
    }

    /** A message by someone of a side: it stops the clocks that side must answer. */
    record Answer(ParticipantRole side, String userId, String messageId, Instant at) implements EscalationCommand {
    }

    /**
     * A deadline's timer fired at {@code now}: a warning, or the breach.
     *
     * @param remind    who is reminded at the warning (the clients, for a client's reply)
     * @param newCaseId the id of the case a breach opens, where it opens one
     */
    record Fire(String deadlineId, Instant now, List<String> remind, String newCaseId, String reminderIdPrefix)
            implements EscalationCommand {
        public Fire {
            remind = remind == null ? List.of() : List.copyOf(remind);
        }
    }

    /** A cadence check found a report missing. */
    record Remind(String reminderId, ReminderKind kind, String userId, String period) implements EscalationCommand {
    }
}
