package org.projectchat.escalations.deadlines;

import io.swagger.v3.oas.annotations.Operation;
import org.projectchat.baseline.web.ApiProblem;
import org.projectchat.baseline.web.PathIds;
import org.projectchat.contract.PlatformUser;
import org.projectchat.escalations.access.CaseAccess;
import org.projectchat.escalations.domain.SlaSettings;
import org.projectchat.escalations.sla.ProjectSla;
import org.projectchat.eventsourcing.roster.ProjectReaders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

/** Deadlines, soonest first, and each project's thresholds. */
@RestController
class DeadlineController {

    private final Deadlines deadlines;
    private final CaseAccess access;
    private final ProjectSla sla;
    private final ProjectReaders readers;
    private final Clock clock;

    DeadlineController(Deadlines deadlines, CaseAccess access, ProjectSla sla, ProjectReaders readers, Clock clock) {
        this.deadlines = deadlines;
        this.access = access;
        this.sla = sla;
        this.readers = readers;
        this.clock = clock;
    }

    @Operation(summary = "Pending deadlines (and those breached in the last week), soonest first, breaches marked")
    @GetMapping("/deadlines")
    List<Deadlines.Deadline> open(PlatformUser user, @RequestParam(required = false) String projectId,
                                  @RequestParam(defaultValue = "200") int limit) {
        if (limit < 1 || limit > 1000) {
            throw ApiProblem.badRequest("invalid-limit", "limit is 1 to 1000.");
        }
        return deadlines.open(access.requireWorker(user), projectId == null || projectId.isBlank() ? null : projectId,
                clock.instant(), Duration.ofDays(7), limit);
    }

    @Operation(summary = "Every deadline of a project, pending or not, newest first")
    @GetMapping("/projects/{projectId}/deadlines")
    List<Deadlines.Deadline> ofProject(PlatformUser user, @PathVariable String projectId) {
        PathIds.requireProjectId(projectId);
        readers.readerFor(projectId, user);
        access.requireProject(user, projectId);
        return deadlines.ofProject(projectId, clock.instant(), 500);
    }

    public record Thresholds(SlaSettings inForce, SlaSettings overrides) {
    }

    @Operation(summary = "The project's response-time thresholds: in force, and its own overrides")
    @GetMapping("/projects/{projectId}/sla")
    Thresholds thresholds(PlatformUser user, @PathVariable String projectId) {
        PathIds.requireProjectId(projectId);
        readers.readerFor(projectId, user);
        access.requireProject(user, projectId);
        return new Thresholds(sla.of(null, projectId), sla.overrides(null, projectId).orElse(null));
    }

    @Operation(summary = "Override thresholds for a project (ops only); they apply to clocks started from now on")
    @PutMapping("/projects/{projectId}/sla")
    Thresholds override(PlatformUser user, @PathVariable String projectId, @RequestBody SlaSettings overrides) {
        PathIds.requireProjectId(projectId);
        if (!user.isStaff()) {
            throw ApiProblem.forbidden("ops-only", "Only platform ops set a project's response-time thresholds.");
        }
        readers.readerFor(projectId, user);
        try {
            return new Thresholds(sla.override(projectId, overrides), overrides);
        } catch (IllegalArgumentException e) {
            throw ApiProblem.unprocessable("invalid-thresholds", e.getMessage());
        }
    }
}
