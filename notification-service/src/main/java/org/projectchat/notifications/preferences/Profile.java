package org.projectchat.notifications.preferences;

import org.projectchat.notifications.availability.Reachability;
import org.projectchat.notifications.recipients.Level;

import java.time.ZoneId;

/**
 * How one participant of one project wants to be reached: their level and email cadence for the project (its
 * override, else their default), their address, time zone, digest hour, DND and hours, and whether any browser of
 * theirs takes pushes.
 */
public record Profile(String userId, String displayName, String email, Level level, EmailCadence cadence, ZoneId zone, int digestHour,
                      Reachability reachability, boolean pushSubscribed) {
}
