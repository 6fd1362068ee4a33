package org.projectchat.escalations.timers;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/**
 * The durable timers ({@code escalations.timers.*}).
 *
 * @param poll  how often due timers are looked for
 * @param batch the most timers a replica claims at once
 * @param lease how long a claim holds before another replica may fire the timer (a crashed replica's timers fire
 *              this much late, but once)
 */
@ConfigurationProperties("escalations.timers")
public record TimerProperties(Boolean enabled, Duration poll, Integer batch, Duration lease) {
    public TimerProperties {
        enabled = enabled == null || enabled;
        poll = poll == null ? Duration.ofMillis(250) : poll;
        batch = batch == null || batch < 1 ? 500 : batch;
        lease = lease == null ? Duration.ofSeconds(30) : lease;
    }
}
