package org.projectchat.notifications.recipients;

/** Why a notification, or one channel of it, was not sent. */
public enum Suppression {
    /** The recipient's level or channel preference. */
    PREFERENCE,
    /** The recipient switched this project's email off from an email's unsubscribe link. */
    UNSUBSCRIBED,
    /** Read in the app before the batch or digest went out. */
    ALREADY_READ,
    /** The message was deleted before it went out. */
    DELETED,
    /** The recipient left the project before it went out. */
    REMOVED,
    /** The visibility rule keeps the message from the recipient (now). */
    NOT_ALLOWED_TO_SEE,
    /** No email address is known for the recipient. */
    NO_ADDRESS
}
