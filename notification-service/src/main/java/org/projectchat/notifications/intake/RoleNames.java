package org.projectchat.notifications.intake;

import org.projectchat.contract.ParticipantRole;

/** How people write a role when they tag it. */
public final class RoleNames {

    private RoleNames() {
    }

    public static String mention(ParticipantRole role) {
        return "@" + display(role);
    }

    public static String display(ParticipantRole role) {
        return switch (role) {
            case EXPERT -> "Expert";
            case CLIENT -> "Client";
            case PLATFORM_OPS -> "Platform Ops";
            case ACCOUNT_MANAGER -> "Account Manager";
        };
    }
}
