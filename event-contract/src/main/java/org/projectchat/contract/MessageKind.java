package org.projectchat.contract;

/** What a message is for, from the platform's chat guide. */
public enum MessageKind {
    GENERAL,
    PROGRESS_UPDATE,
    WEEKLY_SUMMARY,
    MILESTONE,
    QUESTION,
    BLOCKER
}
