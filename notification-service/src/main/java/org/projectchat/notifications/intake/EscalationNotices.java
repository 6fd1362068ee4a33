package org.projectchat.notifications.intake;

import org.projectchat.contract.EscalationEvent;
import org.projectchat.contract.EscalationReason;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The words of an escalation notice, as its in-app item, email and push show them. Never a case's notes or its
 * resolution summary: those are for ops and account managers, on the dashboard.
 */
final class EscalationNotices {

    static final String AUTHOR_ID = "escalation-service";
    static final String AUTHOR_NAME = "Escalations";
    private static final DateTimeFormatter DUE = DateTimeFormatter.ofPattern("EEE d MMM yyyy, HH:mm 'UTC'", Locale.ENGLISH)
            .withZone(ZoneOffset.UTC);

    private EscalationNotices() {
    }

    static String text(EscalationEvent event, String actorName, EscalationReason caseReason) {
        String what = caseReason == null ? "escalation" : label(caseReason.name()) + " escalation";
        return switch (event) {
            case EscalationEvent.EscalationOpened o -> "An escalation case opened: " + label(o.reason().name()) + "."
                    + (o.resolutionSought() == null ? "" : " Resolution sought: " + o.resolutionSought());
            case EscalationEvent.EscalationAcknowledged a -> "Your " + what + " was acknowledged by "
                    + (actorName == null ? "platform ops" : actorName) + ", who now owns it.";
            case EscalationEvent.EscalationResolved r -> "Your " + what + " was resolved (" + label(r.outcome().name()) + ").";
            case EscalationEvent.ResponseWarning w -> label(w.kind().name()) + ": a response is due by " + due(w.dueAt()) + ".";
            case EscalationEvent.SlaBreached b -> "Response deadline missed: " + label(b.kind().name()) + ", due "
                    + due(b.dueAt()) + ".";
            case EscalationEvent.ReminderIssued r -> switch (r.kind()) {
                case CLIENT_REPLY -> "Your expert is waiting for your answer in this project.";
                case DAILY_PROGRESS -> "Please post your progress update" + (r.period() == null ? "" : " for " + r.period()) + ".";
                case WEEKLY_SUMMARY -> "Please post your weekly summary" + (r.period() == null ? "" : " (" + r.period() + ")") + ".";
            };
            default -> label(event.getClass().getSimpleName());
        };
    }

    private static String due(Instant at) {
        return DUE.format(at);
    }

    private static String label(String code) {
        String words = code.toLowerCase(Locale.ROOT).replace('_', ' ');
        return Character.toUpperCase(words.charAt(0)) + words.substring(1);
    }
}
