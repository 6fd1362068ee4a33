package org.projectchat.notifications.recipients;

/** How much of a project a participant wants to hear of, as Mattermost's notification levels. */
public enum Level {
    /** Every message they may see. */
    ALL,
    /** Mentions, @channel, and blockers, questions and escalations meant for their role (the default). */
    MENTIONS,
    /** Nothing but urgent messages (urgent posts, blockers, escalations). */
    URGENT_ONLY
}
