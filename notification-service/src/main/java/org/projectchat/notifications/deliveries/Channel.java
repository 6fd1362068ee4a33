package org.projectchat.notifications.deliveries;

/** Where a notification goes. In-app is always on; email and push follow preferences. */
public enum Channel {
    IN_APP,
    EMAIL,
    PUSH
}
