package org.projectchat.notifications.email;

import org.projectchat.notifications.deliveries.DispatchProperties;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Email notifications.
 *
 * @param from     the sender address
 * @param fromName the sender name shown
 * @param dispatch how the email dispatcher claims, retries and backs off
 */
@ConfigurationProperties("notifications.email")
public record EmailProperties(String from, String fromName, DispatchProperties dispatch) {
    public EmailProperties {
        from = from == null ? "notifications@projectchat.local" : from;
        fromName = fromName == null ? "Project Chat" : fromName;
        dispatch = dispatch == null ? new DispatchProperties(null, null, null, null, null, null, null) : dispatch;
    }
}
