package org.projectchat.notifications.push;

import org.projectchat.notifications.deliveries.DispatchProperties;
import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;
import java.util.List;

/**
 * Web Push.
 *
 * @param subject      the VAPID {@code sub} claim: how a push service reaches the operator (mailto: or https:)
 * @param vapidKeyPair the VAPID key pair, base64 PKCS#8 private key ':' base64 X.509 public key; made and stored
 *                     once when not given
 * @param ttl          how long a push service keeps a notification for a browser that is offline
 * @param timeout      how long a push service gets to answer
 * @param allowedHosts the push services browsers may name as endpoints ("*.example.com" for its subdomains): this
 *                     service posts to the endpoint, so it must not be any address a caller likes
 * @param dispatch     how the push dispatcher claims, retries and backs off
 */
@ConfigurationProperties("notifications.push")
public record PushProperties(String subject, String vapidKeyPair, Duration ttl, Duration timeout, List<String> allowedHosts,
                             DispatchProperties dispatch) {
    public PushProperties {
        allowedHosts = allowedHosts == null ? List.of("fcm.googleapis.com", "*.push.services.mozilla.com",
                "*.notify.windows.com", "*.push.apple.com") : List.copyOf(allowedHosts);
        subject = subject == null ? "mailto:ops@projectchat.local" : subject;
        ttl = ttl == null ? Duration.ofHours(24) : ttl;
        timeout = timeout == null ? Duration.ofSeconds(10) : timeout;
        dispatch = dispatch == null ? new DispatchProperties(null, null, null, null, null, null, null) : dispatch;
    }

    /** Whether a browser's endpoint names one of the allowed push services (https; http only on this machine). */
    public boolean allows(java.net.URI endpoint) {
        String host = endpoint.getHost();
        if (host == null || endpoint.getUserInfo() != null) {
            return false;
        }
        boolean loopback = host.equals("localhost") || host.equals("127.0.0.1");
        if (!"https".equals(endpoint.getScheme()) && !("http".equals(endpoint.getScheme()) && loopback)) {
            return false;
        }
        String lower = host.toLowerCase(java.util.Locale.ROOT);
        return allowedHosts.stream().anyMatch(allowed -> allowed.startsWith("*.")
                ? lower.endsWith(allowed.substring(1).toLowerCase(java.util.Locale.ROOT))
                : lower.equals(allowed.toLowerCase(java.util.Locale.ROOT)));
    }
}
