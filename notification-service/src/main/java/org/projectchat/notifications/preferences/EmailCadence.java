package org.projectchat.notifications.preferences;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;

/** How often email goes out, per user with a per-project override, as Mattermost and Zulip offer. */
public enum EmailCadence {
    /** One email per notification, at once. */
    IMMEDIATE,
    /** One email every 15 minutes listing what came in (at :00, :15, :30, :45). */
    EVERY_15_MINUTES,
    /** One email an hour, on the hour. */
    HOURLY,
    /** One email a day at the user's digest hour, local time. */
    DAILY,
    /** No email. */
    OFF;

    /** When a notification made at {@code now} is due under this cadence. */
    public Instant due(Instant now, ZoneId zone, int digestHour) {
        return switch (this) {
            case IMMEDIATE, OFF -> now;
            case EVERY_15_MINUTES -> {
                Instant quarter = now.truncatedTo(ChronoUnit.MINUTES);
                long minutes = quarter.atZone(ZoneId.of("UTC")).getMinute() % 15;
                yield quarter.minus(Duration.ofMinutes(minutes)).plus(Duration.ofMinutes(15));
            }
            case HOURLY -> now.truncatedTo(ChronoUnit.HOURS).plus(Duration.ofHours(1));
            case DAILY -> {
                ZonedDateTime local = now.atZone(zone);
                ZonedDateTime at = ZonedDateTime.of(local.toLocalDate(), LocalTime.of(digestHour, 0), zone);
                yield (at.toInstant().isAfter(now) ? at : ZonedDateTime.of(local.toLocalDate().plusDays(1),
                        LocalTime.of(digestHour, 0), zone)).toInstant();
            }
        };
    }

    /** Whether notifications under this cadence go out together, as one email listing them. */
    public boolean isDigest() {
        return this != IMMEDIATE && this != OFF;
    }
}
