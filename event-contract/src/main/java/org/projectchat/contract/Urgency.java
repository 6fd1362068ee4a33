package org.projectchat.contract;

/**
 * The one definition of urgent, used everywhere (notifications, escalations): a post marked {@code URGENT}, a
 * {@code BLOCKER}, or a post that raises an escalation. Urgent goes through Do Not Disturb and outside availability
 * hours; nothing else does.
 */
public final class Urgency {

    private Urgency() {
    }

    public static boolean isUrgent(ChatEvent.MessagePosted posted) {
        return posted.priority() == Priority.URGENT || posted.kind() == MessageKind.BLOCKER || posted.escalation() != null;
    }
}
