package org.projectchat.notifications.deliveries;

/** Where a notification stands on one channel, as the delivery log shows it. */
public enum DeliveryState {
    /** Due now, being sent. */
    PENDING,
    /** Waits: for the batch or digest, or for Do Not Disturb or the availability hours to end (see detail, due_at). */
    DEFERRED,
    /** Failed for a reason that may pass (server down, 429, 5xx); tried again at due_at. */
    RETRYING,
    DELIVERED,
    /** Not sent, and will not be (see detail: preference, already read, deleted, removed, not allowed to see). */
    SUPPRESSED,
    /** Given up: failed for good or too many times (see detail). */
    FAILED,
    /** A role mention that reached nobody: logged for its author. */
    NO_RECIPIENT;

    public boolean isOpen() {
        return this == PENDING || this == DEFERRED || this == RETRYING;
    }
}
