package org.projectchat.escalations.domain;

import org.projectchat.contract.EscalationEvent.DeadlineKind;
import org.projectchat.contract.ParticipantRole;
import org.projectchat.contract.Visibility;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What the decider needs to know of one project's escalations: its cases (status, not notes) and its pending
 * deadlines. Evolved from the project's escalation events; a copy per change, so a cached state is never shared
 * between decisions. {@code clockedUntil} is, per kind of clock, the latest event time that kind has seen (a start, an
 * answer, a due time): a post no later than that is old news (a replay) and starts no clock of that kind.
 */
public record ProjectEscalations(String projectId, Map<String, Case> cases, Map<String, String> caseBySource,
                                 Map<String, Deadline> pending, Map<DeadlineKind, Instant> clockedUntil) {

    public enum Status { OPEN, ACKNOWLEDGED, RESOLVED }

    public record Case(String caseId, Status status, String owner, String raisedBy, Visibility sourceVisibility) {
        Case with(Status newStatus, String newOwner) {
            return new Case(caseId, newStatus, newOwner, raisedBy, sourceVisibility);
        }
    }

    public record Deadline(String deadlineId, DeadlineKind kind, String messageId, ParticipantRole responsibleRole,
                           Instant startedAt, Instant warnAt, Instant dueAt, boolean warned) {
        Deadline asWarned() {
            return new Deadline(deadlineId, kind, messageId, responsibleRole, startedAt, warnAt, dueAt, true);
        }
    }

    public static ProjectEscalations empty(String projectId) {
        return new ProjectEscalations(projectId, Map.of(), Map.of(), Map.of(), Map.of());
    }

    public Optional<Case> caseOf(String caseId) {
        return Optional.ofNullable(cases.get(caseId));
    }

    public Optional<Deadline> pendingOf(DeadlineKind kind) {
        return pending.values().stream().filter(d -> d.kind() == kind).findFirst();
    }

    ProjectEscalations withCase(Case c, String source) {
        Map<String, Case> next = new HashMap<>(cases);
        next.put(c.caseId(), c);
        Map<String, String> sources = caseBySource;
        if (source != null) {
            sources = new HashMap<>(caseBySource);
            sources.put(source, c.caseId());
        }
        return new ProjectEscalations(projectId, next, sources, pending, clockedUntil);
    }

    ProjectEscalations withDeadline(Deadline d) {
        Map<String, Deadline> next = new HashMap<>(pending);
        next.put(d.deadlineId(), d);
        return new ProjectEscalations(projectId, cases, caseBySource, next, clocked(d.kind(), d.startedAt()));
    }

    /** The deadline ends (answered at {@code at}, or breached at its due time). */
    ProjectEscalations withoutDeadline(String deadlineId, Instant at) {
        Deadline ended = pending.get(deadlineId);
        if (ended == null) {
            return this;
        }
        Map<String, Deadline> next = new HashMap<>(pending);
        next.remove(deadlineId);
        return new ProjectEscalations(projectId, cases, caseBySource, next, clocked(ended.kind(), at));
    }

    /** Whether a post at {@code at} is newer than anything clocks of this kind have seen. */
    public boolean isNewFor(DeadlineKind kind, Instant at) {
        Instant until = clockedUntil.get(kind);
        return until == null || at.isAfter(until);
    }

    private Map<DeadlineKind, Instant> clocked(DeadlineKind kind, Instant at) {
        Instant until = clockedUntil.get(kind);
        if (until != null && !at.isAfter(until)) {
            return clockedUntil;
        }
        Map<DeadlineKind, Instant> next = new java.util.EnumMap<>(DeadlineKind.class);
        next.putAll(clockedUntil);
        next.put(kind, at);
        return next;
    }
}
