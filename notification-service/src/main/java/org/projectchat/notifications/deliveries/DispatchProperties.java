package org.projectchat.notifications.deliveries;

import java.time.Duration;

/**
 * How a channel's dispatcher works.
 *
 * @param enabled      whether this replica sends on the channel
 * @param poll         how often it looks for due rows when no NOTIFY wakes it (deferred rows fall due silently)
 * @param lease        how long claimed rows are its own; a replica that dies leaves them to others after this
 * @param usersPerPass how many users' rows one pass claims
 * @param retryBase    the first retry's wait; each next one doubles
 * @param retryMax     the longest wait between tries
 * @param maxAttempts  tries before a row is failed for good
 */
public record DispatchProperties(Boolean enabled, Duration poll, Duration lease, Integer usersPerPass, Duration retryBase,
                                 Duration retryMax, Integer maxAttempts) {
    public DispatchProperties {
        enabled = enabled == null || enabled;
        poll = poll == null ? Duration.ofSeconds(1) : poll;
        lease = lease == null ? Duration.ofMinutes(2) : lease;
        usersPerPass = usersPerPass == null || usersPerPass <= 0 ? 50 : usersPerPass;
        retryBase = retryBase == null ? Duration.ofSeconds(5) : retryBase;
        retryMax = retryMax == null ? Duration.ofMinutes(15) : retryMax;
        maxAttempts = maxAttempts == null || maxAttempts <= 0 ? 20 : maxAttempts;
    }
}

