package org.projectchat.escalations.domain;

import java.time.Duration;

/**
 * The thresholds of the response clocks: {@link #DEFAULTS}, overridden by the service's {@code escalations.sla.*}, which
 * a project may override in turn. A null threshold is one not set at that level.
 *
 * @param clientReply          calendar time a client has to answer the expert side before a case opens (48 h)
 * @param clientReminder       calendar time after which the client is reminded (24 h)
 * @param expertWarning        business hours until a client-side message awaiting an expert's answer warns (4 h)
 * @param expertDue            business hours until it breaches (8 h)
 * @param questionWarningBefore how long before the end of the business day a client's question warns (1 h)
 * @param urgentWarning        calendar time until an urgent client-side post warns (30 min)
 * @param urgentDue            calendar time until it breaches (1 h)
 * @param blockerWarning       ops business time until an expert's unacknowledged blocker warns (30 min)
 * @param blockerDue           ops business time until it breaches and opens a case (1 h)
 */
public record SlaSettings(Duration clientReply, Duration clientReminder, Duration expertWarning, Duration expertDue,
                          Duration questionWarningBefore, Duration urgentWarning, Duration urgentDue,
                          Duration blockerWarning, Duration blockerDue) {

    public static final SlaSettings DEFAULTS = new SlaSettings(Duration.ofHours(48), Duration.ofHours(24),
            Duration.ofHours(4), Duration.ofHours(8), Duration.ofHours(1), Duration.ofMinutes(30), Duration.ofHours(1),
            Duration.ofMinutes(30), Duration.ofHours(1));

    public SlaSettings {
        for (Duration d : new Duration[]{clientReply, clientReminder, expertWarning, expertDue, questionWarningBefore,
                urgentWarning, urgentDue, blockerWarning, blockerDue}) {
            if (d != null && (d.isNegative() || d.isZero())) {
                throw new IllegalArgumentException("SLA thresholds must be positive durations, not " + d);
            }
        }
        if (clientReminder != null && clientReply != null && clientReminder.compareTo(clientReply) >= 0) {
            throw new IllegalArgumentException("the client reminder must come before the client reply deadline");
        }
    }

    private static Duration or(Duration value, Duration fallback) {
        return value != null ? value : fallback;
    }

    /** These settings with the given ones where they are set (a project's overrides). */
    public SlaSettings overriddenBy(SlaSettings o) {
        return new SlaSettings(or(o.clientReply, clientReply), or(o.clientReminder, clientReminder),
                or(o.expertWarning, expertWarning), or(o.expertDue, expertDue),
                or(o.questionWarningBefore, questionWarningBefore), or(o.urgentWarning, urgentWarning),
                or(o.urgentDue, urgentDue), or(o.blockerWarning, blockerWarning), or(o.blockerDue, blockerDue));
    }
}
