package org.projectchat.notifications.recipients;

import org.projectchat.contract.EscalationEvent;
import org.projectchat.contract.EscalationEvent.DeadlineKind;
import org.projectchat.contract.ParticipantRole;
import org.projectchat.contract.Visibility;
import org.projectchat.contract.VisibilityRule;

import java.util.ArrayList;
import java.util.List;

/**
 * Who hears of an escalation event: a case a timer opened → the project's ops and account managers (urgent; a case a
 * participant raised was already notified with its post); acknowledged and resolved → the participant who raised it;
 * a deadline's warning → the side that must act; a reminder → the one reminded; a breach → ops. Built on the
 * visibility rule like {@link Recipients}: each notice has a visibility, and nobody it would not let see it hears of
 * it; never the one who caused it. A case's notes never reach anyone.
 */
public final class EscalationRecipients {

    private EscalationRecipients() {
    }

    /** What a notice needs of the case it concerns. */
    public record Case(String raisedBy, Visibility sourceVisibility) {
    }

    /**
     * @param visibility who may see the notice (and so receive it), re-checked when a deferred item goes out
     */
    public record Notice(Reason reason, Visibility visibility, boolean urgent, List<Recipients.Notify> notified,
                         List<Recipients.Suppressed> suppressed) {
    }

    /** The notice of an event, or null for events nobody is told of (notes, clocks starting and stopping). */
    public static Notice of(EscalationEvent event, String actorId, Case escalation, List<Recipients.Member> members) {
        return switch (event) {
            case EscalationEvent.EscalationOpened opened -> opened.trigger() == EscalationEvent.Trigger.MANUAL ? null
                    : notice(Reason.CASE_OPENED, opened.sourceVisibility(), true, actorId, members,
                    m -> m.role() == ParticipantRole.PLATFORM_OPS || m.role() == ParticipantRole.ACCOUNT_MANAGER);
            case EscalationEvent.EscalationAcknowledged ignored -> toRaiser(escalation, actorId, members);
            case EscalationEvent.EscalationResolved ignored -> toRaiser(escalation, actorId, members);
            case EscalationEvent.ResponseWarning warning -> warning.kind() == DeadlineKind.CLIENT_REPLY
                    ? null // the clients get a reminder of their own
                    : notice(Reason.DEADLINE, warning.responsibleRole() == ParticipantRole.PLATFORM_OPS ? Visibility.INTERNAL
                            : Visibility.EVERYONE, warning.kind() == DeadlineKind.URGENT_RESPONSE, actorId, members,
                    m -> EscalationRecipients.side(m.role(), warning.responsibleRole()));
            case EscalationEvent.ReminderIssued reminder -> notice(Reason.REMINDER, Visibility.EVERYONE, false, actorId,
                    members, m -> m.userId().equals(reminder.userId()));
            case EscalationEvent.SlaBreached ignored -> notice(Reason.SLA_BREACH, Visibility.INTERNAL, true, actorId, members,
                    m -> m.role() == ParticipantRole.PLATFORM_OPS);
            case EscalationEvent.EscalationNoteAdded ignored -> null;
            case EscalationEvent.EscalationReopened ignored -> null;
            case EscalationEvent.ResponseDue ignored -> null;
            case EscalationEvent.ResponseReceived ignored -> null;
        };
    }

    private static Notice toRaiser(Case escalation, String actorId, List<Recipients.Member> members) {
        if (escalation == null || escalation.raisedBy() == null) {
            return null;
        }
        return notice(Reason.CASE_UPDATE, escalation.sourceVisibility(), false, actorId, members,
                m -> m.userId().equals(escalation.raisedBy()));
    }

    /** A member of the side that must act (the client side answers for the client). */
    static boolean side(ParticipantRole role, ParticipantRole responsible) {
        return responsible == ParticipantRole.CLIENT ? role == ParticipantRole.CLIENT : role == responsible;
    }

    private static Notice notice(Reason reason, Visibility visibility, boolean urgent, String actorId,
                                 List<Recipients.Member> members, java.util.function.Predicate<Recipients.Member> addressed) {
        List<Recipients.Notify> notify = new ArrayList<>();
        List<Recipients.Suppressed> suppressed = new ArrayList<>();
        for (Recipients.Member m : members) {
            if (!addressed.test(m) || m.userId().equals(actorId)) {
                continue;
            }
            if (VisibilityRule.maySee(VisibilityRule.Reader.participant(m.role()), visibility)) {
                notify.add(new Recipients.Notify(m.userId(), reason, urgent));
            } else {
                suppressed.add(new Recipients.Suppressed(m.userId(), reason, Suppression.NOT_ALLOWED_TO_SEE));
            }
        }
        return new Notice(reason, visibility, urgent, notify, suppressed);
    }
}
