package org.projectchat.notifications.intake;

import org.projectchat.contract.ChatEvent;
import org.projectchat.contract.EscalationEvent;
import org.projectchat.contract.EventEnvelope;
import org.projectchat.contract.EventPayload;
import org.projectchat.contract.ParticipantRole;
import org.projectchat.contract.Urgency;
import org.projectchat.contract.Visibility;
import org.projectchat.contract.VisibilityRule;
import org.projectchat.notifications.deliveries.Channel;
import org.projectchat.notifications.deliveries.DeliveryMetrics;
import org.projectchat.notifications.deliveries.DeliveryState;
import org.projectchat.notifications.preferences.EmailCadence;
import org.projectchat.notifications.preferences.Preferences;
import org.projectchat.notifications.preferences.Profile;
import org.projectchat.notifications.recipients.EscalationRecipients;
import org.projectchat.notifications.recipients.Recipients;
import org.projectchat.notifications.recipients.Suppression;
import org.projectchat.eventsourcing.projection.ProjectionHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * From chat events to notifications, inside the projection's transaction (so a redelivered or replayed event adds
 * nothing): the in-app item at once, and an email and a push row per recipient, due now, at the next batch or digest,
 * or when Do Not Disturb or the availability hours end. Deletions, departures and reads take back what has not gone
 * out yet.
 */
@Component
public class NotificationIntake implements ProjectionHandler {

    public static final String NAME = "notifications";
    /** NOTIFY channel: new in-app items (the live feed listens). */
    public static final String FEED_CHANNEL = "notification_feed";
    /** NOTIFY channel: email or push rows due now (the dispatchers listen). */
    public static final String DUE_CHANNEL = "notification_due";

    private final Preferences preferences;
    private final Clock clock;
    private final DeliveryMetrics metrics;

    public NotificationIntake(Preferences preferences, Clock clock, DeliveryMetrics metrics) {
        this.preferences = preferences;
        this.clock = clock;
        this.metrics = metrics;
    }

    @Override
    public void apply(List<EventEnvelope<EventPayload>> events, JdbcTemplate jdbc) {
        Instant now = clock.instant();
        if (events.stream().anyMatch(e -> e.payload() instanceof ChatEvent.MessagePosted || e.payload() instanceof ChatEvent.MessageEdited
                || e.payload() instanceof EscalationEvent)) {
            // in-app items are numbered and committed in one order (the lock is held to commit), so the live feed,
            // reading "after id N", never skips an item that a slower transaction committed late
            jdbc.queryForList("select pg_advisory_xact_lock(hashtext('" + FEED_CHANNEL + "'))");
        }
        boolean fed = false;
        boolean due = false;
        Batch batch = new Batch(jdbc);
        batch.prefetch(events.stream().filter(e -> e.payload() instanceof ChatEvent.MessagePosted
                || e.payload() instanceof ChatEvent.MessageEdited || e.payload() instanceof EscalationEvent)
                .map(EventEnvelope::streamId).distinct().toList());
        for (EventEnvelope<EventPayload> e : events) {
            if (e.payload() instanceof EscalationEvent escalation) {
                batch.flush();
                Routed routed = escalation(e, escalation, now, batch);
                fed |= routed.fed();
                due |= routed.due();
                continue;
            }
            if (!(e.payload() instanceof ChatEvent event)) {
                continue;
            }
            String project = e.streamId();
            if (!(event instanceof ChatEvent.MessagePosted)) {
                batch.flush(); // what follows may read or take back rows written above
            }
            switch (event) {
                case ChatEvent.ProjectChatOpened opened -> jdbc.update(
                        "insert into projects (project_id, title) values (?, ?) on conflict (project_id) do update set title = excluded.title",
                        project, opened.title() == null ? project : opened.title());
                case ChatEvent.MessagePosted posted -> {
                    batch.messageRows.add(new Object[]{posted.messageId(), project, e.streamVersion(), e.actor().userId(),
                            e.actor().displayName(), e.actor().role(), posted.kind().name(), posted.visibility().name(),
                            Urgency.isUrgent(posted), posted.body(), Timestamp.from(e.occurredAt())});
                    Routed routed = route(project, posted.messageId(), message(posted, e), false, now, batch);
                    fed |= routed.fed();
                    due |= routed.due();
                }
                case ChatEvent.MessageEdited edited -> {
                    batch.flush(); // the edit reads the message, and knows whom it notified before
                    var stored = jdbc.query("""
                            select author_id, author_role, kind, visibility, urgent from messages where message_id = ?""",
                            (rs, i) -> new Recipients.Message(rs.getString(1), role(rs.getString(2)),
                                    org.projectchat.contract.MessageKind.valueOf(rs.getString(3)), Visibility.valueOf(rs.getString(4)),
                                    rs.getBoolean(5), false, edited.mentions()), edited.messageId());
                    jdbc.update("update messages set body = ? where message_id = ?", edited.body(), edited.messageId());
                    if (!stored.isEmpty()) {
                        Routed routed = route(project, edited.messageId(), stored.getFirst(), true, now, batch);
                        fed |= routed.fed();
                        due |= routed.due();
                    }
                }
                case ChatEvent.MessageDeleted deleted -> {
                    jdbc.update("update messages set deleted = true where message_id = ?", deleted.messageId());
                    jdbc.update("update notifications set withdrawn = true where message_id = ?", deleted.messageId());
                    settle(jdbc, now, Suppression.DELETED, "message_id = ?", deleted.messageId());
                }
                case ChatEvent.ParticipantRemoved removed -> {
                    jdbc.update("update notifications set withdrawn = true where project_id = ? and user_id = ?",
                            project, removed.userId());
                    settle(jdbc, now, Suppression.REMOVED, "project_id = ? and user_id = ?", project, removed.userId());
                }
                case ChatEvent.ParticipantRoleChanged changed -> {
                    // items of messages the new role may not see are taken back (a demoted ops member, say)
                    VisibilityRule.Reader reader = VisibilityRule.Reader.participant(changed.to());
                    List<String> hidden = java.util.Arrays.stream(Visibility.values())
                            .filter(v -> !VisibilityRule.maySee(reader, v)).map(Enum::name).toList();
                    if (!hidden.isEmpty()) {
                        jdbc.update("""
                                update notifications n set withdrawn = true from messages m
                                where m.message_id = n.message_id and n.project_id = ? and n.user_id = ? and m.visibility = any(?)""",
                                project, changed.userId(), hidden.toArray(String[]::new));
                        settle(jdbc, now, Suppression.NOT_ALLOWED_TO_SEE, """
                                project_id = ? and user_id = ? and message_id in
                                (select message_id from messages where project_id = ? and visibility = any(?))""",
                                project, changed.userId(), project, hidden.toArray(String[]::new));
                    }
                }
                case ChatEvent.MessagesRead read -> {
                    jdbc.update("""
                            insert into read_positions (project_id, user_id, up_to) values (?, ?, ?)
                            on conflict (project_id, user_id) do update set up_to = greatest(read_positions.up_to, excluded.up_to)""",
                            project, read.userId(), read.upToPosition());
                    jdbc.update("""
                            update notifications n set read_at = ? from messages m
                            where m.message_id = n.message_id and n.project_id = ? and n.user_id = ? and n.read_at is null
                              and m.position <= ?""", Timestamp.from(now), project, read.userId(), read.upToPosition());
                    settle(jdbc, now, Suppression.ALREADY_READ, """
                            project_id = ? and user_id = ? and message_id in
                            (select message_id from messages where project_id = ? and position <= ?)""",
                            project, read.userId(), project, read.upToPosition());
                }
                default -> { }
            }
        }
        batch.flush();
        if (fed) {
            jdbc.execute("select pg_notify('" + FEED_CHANNEL + "', '')");
        }
        if (due) {
            jdbc.execute("select pg_notify('" + DUE_CHANNEL + "', '')");
        }
    }

    private record Routed(boolean fed, boolean due) {
    }

    /** A project's participants and their profiles. */
    private record Audience(List<Recipients.Member> members, Map<String, Profile> profiles) {
    }

    /**
     * One poll's work: the audiences of the poll's projects read together (the roster took the poll's participant
     * events before), and the rows a post adds (message, in-app items, the delivery log) written together, in that
     * order, before anything that reads or takes them back.
     */
    private final class Batch {
        final JdbcTemplate jdbc;
        final Map<String, Audience> audiences = new HashMap<>();
        final List<Object[]> messageRows = new ArrayList<>();
        final List<Object[]> notificationRows = new ArrayList<>();
        final List<Object[]> logRows = new ArrayList<>();

        Batch(JdbcTemplate jdbc) {
            this.jdbc = jdbc;
        }

        void prefetch(List<String> projects) {
            if (projects.isEmpty()) {
                return;
            }
            Map<String, List<Recipients.Member>> members = new HashMap<>();
            jdbc.query("select project_id, user_id, handle, role from project_participants where project_id = any(?) and active",
                    rs -> {
                        members.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(
                                new Recipients.Member(rs.getString(2), rs.getString(3), ParticipantRole.valueOf(rs.getString(4))));
                    }, (Object) projects.toArray(String[]::new));
            Map<String, List<String>> users = new HashMap<>();
            members.forEach((project, list) -> users.put(project, list.stream().map(Recipients.Member::userId).toList()));
            Map<String, Map<String, Profile>> profiles = preferences.profiles(users);
            for (String project : projects) {
                audiences.put(project, new Audience(members.getOrDefault(project, List.of()),
                        profiles.getOrDefault(project, Map.of())));
            }
        }

        Audience audience(String project) {
            return audiences.computeIfAbsent(project, p -> {
                prefetch(List.of(p));
                return audiences.get(p);
            });
        }

        void log(String userId, String project, String messageId, Channel channel, String reason, boolean urgent,
                 DeliveryState state, String detail, boolean digest, Instant due, Timestamp at) {
            logRows.add(new Object[]{userId, project, messageId, channel.name(), reason, urgent, state.name(), detail, digest,
                    due == null ? null : Timestamp.from(due), at, at});
        }

        void flush() {
            if (!messageRows.isEmpty()) {
                jdbc.batchUpdate("""
                        insert into messages (message_id, project_id, position, author_id, author_name, author_role, kind,
                                              visibility, urgent, body, posted_at)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict (message_id) do nothing""", messageRows);
                messageRows.clear();
            }
            if (!notificationRows.isEmpty()) {
                jdbc.batchUpdate("""
                        insert into notifications (user_id, project_id, message_id, reason, urgent, created_at)
                        values (?, ?, ?, ?, ?, ?) on conflict (user_id, message_id) do nothing""", notificationRows);
                notificationRows.clear();
            }
            if (!logRows.isEmpty()) {
                int[] inserted = jdbc.batchUpdate("""
                        insert into deliveries (user_id, project_id, message_id, channel, reason, urgent, state, detail, digest,
                                                due_at, created_at, updated_at)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict (user_id, message_id, channel) do nothing""", logRows);
                for (int i = 0; i < inserted.length; i++) {
                    if (inserted[i] != 0) { // 0: logged before (a redelivered event)
                        metrics.recorded(Channel.valueOf((String) logRows.get(i)[3]), DeliveryState.valueOf((String) logRows.get(i)[6]), 1);
                    }
                }
                logRows.clear();
            }
        }
    }

    private Routed route(String project, String messageId, Recipients.Message message, boolean edit, Instant now, Batch batch) {
        Audience audience = batch.audience(project);
        List<Recipients.Member> members = audience.members();
        Map<String, Profile> profiles = audience.profiles();
        Recipients.Outcome outcome = edit ? Recipients.ofEdit(message, members, u -> profiles.get(u).level())
                : Recipients.ofPost(message, members, u -> profiles.get(u).level());
        return deliver(project, messageId, outcome, message.urgent(), message.authorId(), edit, now, batch);
    }

    /**
     * An escalation event as a notice: a message row of its own (kind {@code ESCALATION}, never marked read by reading
     * the chat), delivered like a post to the recipients {@link EscalationRecipients} names.
     */
    private Routed escalation(EventEnvelope<EventPayload> e, EscalationEvent event, Instant now, Batch batch) {
        JdbcTemplate jdbc = batch.jdbc;
        String project = e.streamId();
        if (event instanceof EscalationEvent.EscalationOpened opened) {
            jdbc.update("""
                    insert into escalation_cases (case_id, project_id, reason, raised_by, source_visibility)
                    values (?, ?, ?, ?, ?) on conflict (case_id) do nothing""", opened.caseId(), project,
                    opened.reason().name(), opened.raisedBy(), opened.sourceVisibility().name());
        }
        EscalationRecipients.Case known = null;
        org.projectchat.contract.EscalationReason reason = null;
        if (event instanceof EscalationEvent.CaseEvent c) {
            var rows = jdbc.query("select raised_by, source_visibility, reason from escalation_cases where case_id = ?",
                    (rs, i) -> new Object[]{new EscalationRecipients.Case(rs.getString(1), Visibility.valueOf(rs.getString(2))),
                            org.projectchat.contract.EscalationReason.valueOf(rs.getString(3))}, c.caseId());
            if (!rows.isEmpty()) {
                known = (EscalationRecipients.Case) rows.getFirst()[0];
                reason = (org.projectchat.contract.EscalationReason) rows.getFirst()[1];
            }
        }
        EscalationRecipients.Notice notice = EscalationRecipients.of(event, e.actor().userId(), known,
                batch.audience(project).members());
        if (notice == null || (notice.notified().isEmpty() && notice.suppressed().isEmpty())) {
            return new Routed(false, false);
        }
        String messageId = "escalation-" + e.eventId();
        batch.messageRows.add(new Object[]{messageId, project, Long.MAX_VALUE, EscalationNotices.AUTHOR_ID,
                EscalationNotices.AUTHOR_NAME, null, "ESCALATION", notice.visibility().name(), notice.urgent(),
                EscalationNotices.text(event, e.actor().displayName(), reason), Timestamp.from(e.occurredAt())});
        return deliver(project, messageId, new Recipients.Outcome(notice.notified(), notice.suppressed(), List.of()),
                notice.urgent(), EscalationNotices.AUTHOR_ID, false, now, batch);
    }

    /** In-app items, email and push rows of a notification's recipients, and the delivery log of all of it. */
    private Routed deliver(String project, String messageId, Recipients.Outcome outcome, boolean messageUrgent,
                           String authorId, boolean edit, Instant now, Batch batch) {
        JdbcTemplate jdbc = batch.jdbc;
        Map<String, Profile> profiles = batch.audience(project).profiles();
        Timestamp at = Timestamp.from(now);
        boolean fed = false;
        boolean due = false;
        for (Recipients.Notify n : outcome.notified()) {
            if (edit) {
                int added = jdbc.update("""
                        insert into notifications (user_id, project_id, message_id, reason, urgent, created_at)
                        values (?, ?, ?, ?, ?, ?) on conflict (user_id, message_id) do nothing""",
                        n.userId(), project, messageId, n.reason().name(), n.urgent(), at);
                if (added == 0) {
                    continue; // notified of this message before (an edit repeating a mention)
                }
            } else {
                // a new message: nobody was notified of it before (the projection skips what it applied)
                batch.notificationRows.add(new Object[]{n.userId(), project, messageId, n.reason().name(), n.urgent(), at});
            }
            fed = true;
            batch.log(n.userId(), project, messageId, Channel.IN_APP, n.reason().name(), n.urgent(), DeliveryState.DELIVERED, null,
                    false, null, at);
            Profile profile = profiles.get(n.userId());
            // email
            EmailCadence cadence = profile.cadence();
            if (cadence == EmailCadence.OFF) {
                batch.log(n.userId(), project, messageId, Channel.EMAIL, n.reason().name(), n.urgent(), DeliveryState.SUPPRESSED,
                        Suppression.PREFERENCE.name(), false, null, at);
            } else if (profile.email() == null || profile.email().isBlank()) {
                batch.log(n.userId(), project, messageId, Channel.EMAIL, n.reason().name(), n.urgent(), DeliveryState.SUPPRESSED,
                        Suppression.NO_ADDRESS.name(), false, null, at);
            } else {
                Instant byCadence = cadence.due(now, profile.zone(), profile.digestHour());
                Instant when = profile.reachability().deliverableFrom(byCadence, n.urgent());
                String held = n.urgent() ? null : profile.reachability().holdReason(byCadence);
                boolean later = when.isAfter(now);
                batch.log(n.userId(), project, messageId, Channel.EMAIL, n.reason().name(), n.urgent(),
                        later ? DeliveryState.DEFERRED : DeliveryState.PENDING, held != null ? held : later ? cadence.name() : null,
                        cadence.isDigest() || held != null, when, at);
                due |= !later;
            }
            // push, to each browser the user subscribed
            if (profile.pushSubscribed()) {
                Instant when = profile.reachability().deliverableFrom(now, n.urgent());
                String held = n.urgent() ? null : profile.reachability().holdReason(now);
                batch.log(n.userId(), project, messageId, Channel.PUSH, n.reason().name(), n.urgent(),
                        held != null ? DeliveryState.DEFERRED : DeliveryState.PENDING, held, held != null, when, at);
                due |= held == null;
            }
        }
        for (Recipients.Suppressed s : outcome.suppressed()) {
            batch.log(s.userId(), project, messageId, Channel.IN_APP, s.reason().name(), messageUrgent, DeliveryState.SUPPRESSED,
                    s.why().name(), false, null, at);
        }
        if (!outcome.unanswered().isEmpty()) {
            List<String> roles = new ArrayList<>();
            outcome.unanswered().forEach(r -> roles.add(RoleNames.mention(r)));
            batch.log(authorId, project, messageId, Channel.IN_APP, "ROLE_MENTION", messageUrgent,
                    DeliveryState.NO_RECIPIENT, String.join(", ", roles) + ": nobody else in this project has that role", false,
                    null, at);
        }
        return new Routed(fed, due);
    }

    /** Takes back what has not gone out yet, for a reason. */
    private static void settle(JdbcTemplate jdbc, Instant now, Suppression why, String where, Object... args) {
        Object[] all = new Object[args.length + 2];
        all[0] = why.name();
        all[1] = Timestamp.from(now);
        System.arraycopy(args, 0, all, 2, args.length);
        jdbc.update("update deliveries set state = 'SUPPRESSED', detail = ?, updated_at = ?, claimed_until = null "
                + "where state in ('PENDING', 'DEFERRED', 'RETRYING') and " + where, all);
    }

    private static Recipients.Message message(ChatEvent.MessagePosted posted, EventEnvelope<EventPayload> e) {
        return Recipients.Message.of(posted, e.actor().userId(), role(e.actor().role()));
    }

    private static ParticipantRole role(String name) {
        try {
            return name == null ? null : ParticipantRole.valueOf(name);
        } catch (IllegalArgumentException platformRole) {
            return null; // ADMIN, PLATFORM_SERVICE: not a participant role
        }
    }
}
