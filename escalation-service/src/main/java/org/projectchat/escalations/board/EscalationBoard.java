package org.projectchat.escalations.board;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.projectchat.eventsourcing.store.AfterCommit;
import org.projectchat.contract.EscalationEvent;
import org.projectchat.contract.EscalationEvent.EscalationAcknowledged;
import org.projectchat.contract.EscalationEvent.EscalationNoteAdded;
import org.projectchat.contract.EscalationEvent.EscalationOpened;
import org.projectchat.contract.EscalationEvent.EscalationReopened;
import org.projectchat.contract.EscalationEvent.EscalationResolved;
import org.projectchat.contract.EscalationEvent.ReminderIssued;
import org.projectchat.contract.EscalationEvent.ResponseDue;
import org.projectchat.contract.EscalationEvent.ResponseReceived;
import org.projectchat.contract.EscalationEvent.ResponseWarning;
import org.projectchat.contract.EscalationEvent.SlaBreached;
import org.projectchat.contract.EventEnvelope;
import org.projectchat.contract.EventJson;
import org.projectchat.eventsourcing.command.CommandRunner;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The dashboard's read model and the durable timers, changed in the same transaction as the case events are stored
 * (the kit's inline projection): a case acknowledged through the API shows at once, and a deadline's timer exists
 * exactly when its event does. Each change is also a row of the live stream, announced with NOTIFY.
 */
@Component
public class EscalationBoard implements CommandRunner.InlineProjection<EscalationEvent> {

    public static final String LIVE_CHANNEL = "escalation_live";
    public static final String DEADLINE_TIMER = "DEADLINE";

    private final JdbcTemplate jdbc;
    /** SLA breaches, counted once their transaction commits (escalations_breaches_total). */
    private final Counter breaches;

    public EscalationBoard(JdbcTemplate jdbc, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.breaches = Counter.builder("escalations.breaches").description("response deadlines breached").register(meters);
    }

    @Override
    public void apply(List<EventEnvelope<EscalationEvent>> events) {
        // what many events of a batch do alike goes in batched statements at the end (timers firing by the hundred):
        // the deadlines that ended, the timers they no longer need, the live rows
        List<Object[]> breached = new ArrayList<>();
        List<Object[]> met = new ArrayList<>();
        List<String> unneeded = new ArrayList<>();
        List<Object[]> changes = new ArrayList<>();
        List<ProjectDay> breachedOn = new ArrayList<>();
        for (EventEnvelope<EscalationEvent> e : events) {
            String project = e.streamId();
            Timestamp at = Timestamp.from(e.occurredAt());
            switch (e.payload()) {
                case EscalationOpened o -> jdbc.update("""
                        insert into cases (case_id, project_id, trigger, reason, resolution_sought, raised_by, raised_by_name,
                                           source_message_id, source_visibility, deadline_id, status, opened_at, updated_at)
                        values (?, ?, ?, ?, ?, ?, coalesce((select display_name from project_participants
                                                            where project_id = ? and user_id = ?), ?), ?, ?, ?, 'OPEN', ?, ?)
                        on conflict (case_id) do nothing""", o.caseId(), project, o.trigger().name(), o.reason().name(),
                        o.resolutionSought(), o.raisedBy(), project, o.raisedBy(),
                        e.actor().userId().equals(o.raisedBy()) ? e.actor().displayName() : null, o.sourceMessageId(),
                        o.sourceVisibility().name(), o.deadlineId(), at, at);
                case EscalationAcknowledged a -> jdbc.update("""
                        update cases set status = 'ACKNOWLEDGED', owner = ?, owner_name = ?,
                                         acknowledged_at = coalesce(acknowledged_at, ?), updated_at = ?
                        where case_id = ?""", a.owner(), e.actor().displayName(), at, at, a.caseId());
                case EscalationNoteAdded n -> {
                    jdbc.update("""
                            insert into case_notes (note_id, case_id, author, author_name, body, added_at)
                            values (?, ?, ?, ?, ?, ?) on conflict (note_id) do nothing""",
                            n.noteId(), n.caseId(), e.actor().userId(), e.actor().displayName(), n.body(), at);
                    jdbc.update("update cases set updated_at = ? where case_id = ?", at, n.caseId());
                }
                case EscalationResolved r -> jdbc.update("""
                        update cases set status = 'RESOLVED', resolved_at = ?, outcome = ?, summary = ?, updated_at = ?
                        where case_id = ?""", at, r.outcome().name(), r.summary(), at, r.caseId());
                case EscalationReopened r -> jdbc.update("""
                        update cases set status = case when owner is null then 'OPEN' else 'ACKNOWLEDGED' end,
                                         resolved_at = null, outcome = null, reopened = reopened + 1, updated_at = ?
                        where case_id = ?""", at, r.caseId());
                case ResponseDue d -> {
                    jdbc.update("""
                            insert into deadlines (deadline_id, project_id, kind, message_id, responsible_role, started_at,
                                                   warn_at, due_at, state)
                            values (?, ?, ?, ?, ?, ?, ?, ?, 'PENDING') on conflict (deadline_id) do nothing""",
                            d.deadlineId(), project, d.kind().name(), d.messageId(), d.responsibleRole().name(),
                            Timestamp.from(d.startedAt()), Timestamp.from(d.warnAt()), Timestamp.from(d.dueAt()));
                    arm(d.deadlineId(), project, d.warnAt());
                }
                case ResponseWarning w -> {
                    jdbc.update("update deadlines set state = 'WARNED' where deadline_id = ?", w.deadlineId());
                    arm(w.deadlineId(), project, w.dueAt());
                }
                case SlaBreached b -> {
                    breached.add(new Object[]{at, b.deadlineId()});
                    breachedOn.add(new ProjectDay(project, LocalDate.ofInstant(e.occurredAt(), ZoneOffset.UTC)));
                    unneeded.add(b.deadlineId());
                }
                case ResponseReceived r -> {
                    met.add(new Object[]{Timestamp.from(r.answeredAt()), r.answeredBy(), r.deadlineId()});
                    unneeded.add(r.deadlineId());
                }
                case ReminderIssued ignored -> { }
            }
            Map<String, Object> change = new LinkedHashMap<>();
            change.put("type", e.type());
            change.put("projectId", project);
            change.put("eventId", e.eventId().toString());
            if (e.payload() instanceof EscalationEvent.CaseEvent c) {
                change.put("caseId", c.caseId());
            } else if (e.payload() instanceof EscalationEvent.DeadlineEvent d) {
                change.put("deadlineId", d.deadlineId());
            }
            changes.add(new Object[]{project, e.type(), EventJson.mapper().writeValueAsString(change)});
        }
        // a deadline ends once, after its start and warning (applied above, in order)
        if (!breached.isEmpty()) {
            // counted per project and day where a pending deadline really ended, so an event applied again counts once
            int[] ended = jdbc.batchUpdate("""
                    update deadlines set state = 'BREACHED', breached_at = ?
                    where deadline_id = ? and state in ('PENDING', 'WARNED')""", breached);
            Map<ProjectDay, Integer> breachesPerDay = new TreeMap<>(); // sorted: concurrent batches lock rows in one order
            for (int i = 0; i < ended.length; i++) {
                if (ended[i] != 0) {
                    breachesPerDay.merge(breachedOn.get(i), 1, Integer::sum);
                }
            }
            int counted = breachesPerDay.values().stream().mapToInt(Integer::intValue).sum();
            if (counted > 0) {
                AfterCommit.run(() -> breaches.increment(counted));
            }
            if (!breachesPerDay.isEmpty()) {
                jdbc.batchUpdate("""
                        insert into breach_days (project_id, day, breaches) values (?, ?, ?)
                        on conflict (project_id, day) do update set breaches = breach_days.breaches + excluded.breaches""",
                        breachesPerDay.entrySet().stream().map(b -> new Object[]{b.getKey().project(),
                                b.getKey().day(), b.getValue()}).toList());
            }
        }
        if (!met.isEmpty()) {
            jdbc.batchUpdate("update deadlines set state = 'MET', answered_at = ?, answered_by = ? where deadline_id = ?", met);
        }
        if (!unneeded.isEmpty()) {
            jdbc.update("delete from timers where timer_key = any(?)", (Object) unneeded.toArray(String[]::new));
        }
        if (!changes.isEmpty()) {
            jdbc.batchUpdate("insert into live_changes (project_id, type, data) values (?, ?, ?)", changes);
        }
        if (!events.isEmpty()) {
            jdbc.queryForList("select pg_notify(?, '')", LIVE_CHANNEL);
        }
    }

    /** The UTC day a project's breaches are counted under. */
    private record ProjectDay(String project, LocalDate day) implements Comparable<ProjectDay> {
        @Override
        public int compareTo(ProjectDay other) {
            int byProject = project.compareTo(other.project);
            return byProject != 0 ? byProject : day.compareTo(other.day);
        }
    }

    /** The deadline's timer set to its next firing, free for any replica to claim. */
    private void arm(String deadlineId, String project, Instant fireAt) {
        jdbc.update("""
                insert into timers (timer_key, project_id, kind, fire_at) values (?, ?, ?, ?)
                on conflict (timer_key) do update set fire_at = excluded.fire_at, lease_until = null""",
                deadlineId, project, DEADLINE_TIMER, Timestamp.from(fireAt));
    }
}
