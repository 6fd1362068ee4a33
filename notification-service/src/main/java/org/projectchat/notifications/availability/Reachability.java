package org.projectchat.notifications.availability;

import java.time.Instant;

/**
 * When email and push may reach someone: not during Do Not Disturb, not outside their availability hours; urgent
 * matters at any time. Pure.
 *
 * @param dndUntil Do Not Disturb until then (null: off)
 */
public record Reachability(Instant dndUntil, WeeklyHours hours) {

    public boolean dndActive(Instant now) {
        return dndUntil != null && dndUntil.isAfter(now);
    }

    /** The first instant at or after {@code at} outside DND and inside the availability hours. */
    public Instant reachableFrom(Instant at) {
        Instant t = dndActive(at) ? dndUntil : at;
        return hours.nextAvailable(t);
    }

    /** When a notification made at {@code at} may go out: at once if urgent, else {@link #reachableFrom}. */
    public Instant deliverableFrom(Instant at, boolean urgent) {
        return urgent ? at : reachableFrom(at);
    }

    /** Why it waits, for the delivery log: "do not disturb" or "outside availability hours"; null when it does not. */
    public String holdReason(Instant at) {
        if (dndActive(at)) {
            return "do not disturb";
        }
        return hours.isAvailable(at) ? null : "outside availability hours";
    }
}
