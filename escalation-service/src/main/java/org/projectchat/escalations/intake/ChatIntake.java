package org.projectchat.escalations.intake;

import org.projectchat.contract.ChatEvent;
import org.projectchat.contract.EventEnvelope;
import org.projectchat.contract.EventPayload;
import org.projectchat.contract.ParticipantRole;
import org.projectchat.contract.PlatformRole;
import org.projectchat.escalations.cadence.Cadence;
import org.projectchat.escalations.domain.calendar.BusinessCalendar;
import org.projectchat.escalations.calendar.Calendars;
import org.projectchat.escalations.commands.EscalationCommands;
import org.projectchat.escalations.commands.ProjectLanes;
import org.projectchat.escalations.domain.EscalationCommand;
import org.projectchat.escalations.domain.ResponseClocks;
import org.projectchat.escalations.sla.ProjectSla;
import org.projectchat.eventsourcing.projection.ProjectionHandler;
import org.projectchat.eventsourcing.roster.Rosters;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;

/**
 * chat.events.v1 into escalations: a post carrying an escalation raises a case; posts start and stop response clocks
 * ({@link ResponseClocks}); experts' reports feed the cadence checks. The commands of a poll run per project in order,
 * the projects side by side, so the kit commits many of them together.
 *
 * <p>A redelivered or replayed post changes nothing: its ids are derived from it, each clock command carries an
 * idempotency key, and the decider ignores a post older than what a clock has seen.
 */
@Component
public class ChatIntake implements ProjectionHandler {

    public static final String NAME = "escalation-intake";

    private final EscalationCommands commands;
    private final Calendars calendars;
    private final ProjectSla sla;
    private final Cadence cadence;

    public ChatIntake(EscalationCommands commands, Calendars calendars, ProjectSla sla, Cadence cadence) {
        this.commands = commands;
        this.calendars = calendars;
        this.sla = sla;
        this.cadence = cadence;
    }

    private record Keyed(String project, EscalationCommand command, String key, String correlationId) {
    }

    @Override
    public void apply(List<EventEnvelope<EventPayload>> events, JdbcTemplate jdbc) throws Exception {
        List<Keyed> commandsInOrder = new ArrayList<>();
        for (EventEnvelope<EventPayload> e : events) {
            switch (e.payload()) {
                case ChatEvent.MessagePosted posted -> {
                    // the roster through this projection's transaction: it has the participants of this very poll
                    List<Rosters.Member> members = new Rosters(jdbc).members(e.streamId(), true);
                    Author author = author(members, e);
                    if (author.role() == ParticipantRole.EXPERT) {
                        cadence.reported(jdbc, e.streamId(), author.userId(), posted.kind(), e.occurredAt());
                    }
                    List<BusinessCalendar> experts = members.stream()
                            .filter(m -> m.active() && m.role() == ParticipantRole.EXPERT)
                            .map(m -> calendars.of(m.timeZone())).toList();
                    for (EscalationCommand c : ResponseClocks.forPost(posted, author.side(), author.userId(), e.occurredAt(),
                            experts, calendars.standard(), calendars.ops(), sla.of(jdbc, e.streamId()))) {
                        String key = switch (c) {
                            case EscalationCommand.StartClock start -> "clock:" + start.deadlineId();
                            case EscalationCommand.Raise raise -> "raise:" + raise.messageId();
                            default -> null;
                        };
                        commandsInOrder.add(new Keyed(e.streamId(), c, key, e.eventId().toString()));
                    }
                }
                case ChatEvent.ProjectChatOpened opened -> opened.participants().forEach(p ->
                        cadence.joined(jdbc, e.streamId(), p.userId(), p.role(), p.timeZone(), e.occurredAt()));
                case ChatEvent.ParticipantAdded added -> cadence.joined(jdbc, e.streamId(), added.participant().userId(),
                        added.participant().role(), added.participant().timeZone(), e.occurredAt());
                case ChatEvent.ParticipantRoleChanged changed -> {
                    String zone = member(new Rosters(jdbc).members(e.streamId(), true), changed.userId())
                            .map(Rosters.Member::timeZone).orElse(null);
                    cadence.joined(jdbc, e.streamId(), changed.userId(), changed.to(), zone, e.occurredAt());
                }
                case ChatEvent.ParticipantRemoved removed -> cadence.left(jdbc, e.streamId(), removed.userId());
                default -> { }
            }
        }
        // the first failure fails the poll: it is delivered again, and what was decided already decides nothing twice
        List<Throwable> failures = ProjectLanes.run(commandsInOrder, Keyed::project,
                k -> commands.run(k.project(), k.command(), EscalationCommands.SYSTEM, k.key(), k.correlationId()));
        if (!failures.isEmpty()) {
            throw failures.getFirst() instanceof Exception ex ? ex : new IllegalStateException(failures.getFirst());
        }
    }

    /** The author of a post: their role in the project and the side they answer for (platform staff count as ops). */
    private record Author(String userId, ParticipantRole role, ParticipantRole side) {
    }

    private static Author author(List<Rosters.Member> members, EventEnvelope<EventPayload> e) {
        String userId = e.actor().userId();
        ParticipantRole role = member(members, userId).map(Rosters.Member::role).orElse(null);
        String claimed = e.actor().role();
        boolean staff = PlatformRole.PLATFORM_OPS.name().equals(claimed) || PlatformRole.ADMIN.name().equals(claimed);
        return new Author(userId, role, role == null && staff ? ParticipantRole.PLATFORM_OPS : role);
    }

    private static java.util.Optional<Rosters.Member> member(List<Rosters.Member> members, String userId) {
        return members.stream().filter(m -> m.userId().equals(userId)).findFirst();
    }
}
