package org.projectchat.contract;

/** How pressing a post is, as its author says. Absent in events written before it existed: {@code NORMAL}. */
public enum Priority {
    NORMAL,
    /** Goes through Do Not Disturb and outside availability hours (see {@link Urgency}). */
    URGENT
}
