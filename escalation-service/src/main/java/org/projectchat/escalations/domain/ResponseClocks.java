package org.projectchat.escalations.domain;

import org.projectchat.contract.ChatEvent.MessagePosted;
import org.projectchat.contract.EscalationEvent.DeadlineKind;
import org.projectchat.contract.MessageKind;
import org.projectchat.contract.ParticipantRole;
import org.projectchat.contract.Priority;
import org.projectchat.contract.Visibility;
import org.projectchat.escalations.domain.calendar.BusinessCalendar;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/**
 * Which response clocks a post starts and stops: a pure function of the post, its author's side, the event's time,
 * the responders' business calendars and the project's thresholds.
 *
 * <ul>
 *   <li>Only posts both sides see (visibility {@code EVERYONE}) start or stop a clock: a client-internal discussion
 *       is no answer to the expert, an internal note is no answer to anyone.</li>
 *   <li>A post by a side stops every clock waiting for that side, then starts the other side's: an expert's or ops'
 *       post starts the client's reply clock (48 h of calendar time); a client-side post starts the experts' response
 *       clock (4/8 business hours), a client's question the end-of-business-day clock, an urgent one (a blocker or
 *       {@code URGENT}) the one-hour clock. An expert's blocker starts ops' acknowledgement clock (1 business hour).</li>
 *   <li>A clock of a kind already running keeps running from the earlier post (the decider keeps the first).</li>
 *   <li>Deadlines in business time use the responders' calendars: with several experts, the earliest due time.</li>
 * </ul>
 * Ids are derived from the post, so a redelivered or replayed post starts nothing twice.
 */
public final class ResponseClocks {

    private ResponseClocks() {
    }

    /**
     * @param side            the author's side (platform staff count as ops)
     * @param at              when the post happened (event time)
     * @param expertCalendars the business calendars of the project's experts (none: {@code fallback})
     * @param opsCalendar     the business calendar of platform ops
     */
    public static List<EscalationCommand> forPost(MessagePosted post, ParticipantRole side, String authorId, Instant at,
                                                  List<BusinessCalendar> expertCalendars, BusinessCalendar fallback,
                                                  BusinessCalendar opsCalendar, SlaSettings sla) {
        List<EscalationCommand> commands = new ArrayList<>();
        if (post.escalation() != null) {
            commands.add(new EscalationCommand.Raise(id("case", post.messageId()), post.escalation().reason(),
                    post.escalation().resolutionSought(), authorId, post.messageId(), post.visibility()));
        }
        if (post.visibility() != Visibility.EVERYONE || side == null) {
            return commands;
        }
        commands.add(new EscalationCommand.Answer(side, authorId, post.messageId(), at));
        List<BusinessCalendar> experts = expertCalendars.isEmpty() ? List.of(fallback) : expertCalendars;
        switch (side) {
            case EXPERT, PLATFORM_OPS -> {
                commands.add(start(post, DeadlineKind.CLIENT_REPLY, ParticipantRole.CLIENT, at,
                        at.plus(sla.clientReminder()), at.plus(sla.clientReply())));
                if (side == ParticipantRole.EXPERT && post.kind() == MessageKind.BLOCKER) {
                    commands.add(start(post, DeadlineKind.BLOCKER_ACKNOWLEDGEMENT, ParticipantRole.PLATFORM_OPS, at,
                            opsCalendar.add(at, sla.blockerWarning()), opsCalendar.add(at, sla.blockerDue())));
                }
            }
            case CLIENT, ACCOUNT_MANAGER -> {
                commands.add(start(post, DeadlineKind.EXPERT_RESPONSE, ParticipantRole.EXPERT, at,
                        earliest(experts, c -> c.add(at, sla.expertWarning())),
                        earliest(experts, c -> c.add(at, sla.expertDue()))));
                if (post.kind() == MessageKind.QUESTION && side == ParticipantRole.CLIENT) {
                    Instant due = earliest(experts, c -> c.endOfBusinessDay(at));
                    Instant warn = due.minus(sla.questionWarningBefore());
                    commands.add(start(post, DeadlineKind.CLIENT_QUESTION, ParticipantRole.EXPERT, at,
                            warn.isAfter(at) ? warn : at, due));
                }
                if (post.kind() == MessageKind.BLOCKER || post.priority() == Priority.URGENT) {
                    commands.add(start(post, DeadlineKind.URGENT_RESPONSE, ParticipantRole.EXPERT, at,
                            at.plus(sla.urgentWarning()), at.plus(sla.urgentDue())));
                }
            }
        }
        return commands;
    }

    private static EscalationCommand.StartClock start(MessagePosted post, DeadlineKind kind, ParticipantRole responsible,
                                                      Instant at, Instant warnAt, Instant dueAt) {
        return new EscalationCommand.StartClock(id(kind.name(), post.messageId()), kind, post.messageId(), responsible,
                at, warnAt, dueAt);
    }

    private static Instant earliest(List<BusinessCalendar> calendars, Function<BusinessCalendar, Instant> due) {
        return calendars.stream().map(due).min(Comparator.naturalOrder()).orElseThrow();
    }

    /** An id derived from what it is for, the same however often it is derived (name-based UUID). */
    public static String id(String purpose, String of) {
        return UUID.nameUUIDFromBytes((purpose + ":" + of).getBytes()).toString(); // UTF-8, the JDK's default since 18
    }

    /** Whose business hours a deadline is counted in, for showing business time remaining. */
    public static boolean inBusinessTime(DeadlineKind kind) {
        return kind == DeadlineKind.EXPERT_RESPONSE || kind == DeadlineKind.CLIENT_QUESTION
                || kind == DeadlineKind.BLOCKER_ACKNOWLEDGEMENT;
    }

}
