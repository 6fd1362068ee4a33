package org.projectchat.escalations.cases;

import io.swagger.v3.oas.annotations.Operation;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.projectchat.baseline.web.ApiProblem;
import org.projectchat.baseline.web.PathIds;
import org.projectchat.contract.Actor;
import org.projectchat.contract.EscalationEvent.Outcome;
import org.projectchat.contract.EscalationEvent.Trigger;
import org.projectchat.contract.EscalationReason;
import org.projectchat.contract.EventIds;
import org.projectchat.contract.PlatformUser;
import org.projectchat.contract.Visibility;
import org.projectchat.escalations.access.CaseAccess;
import org.projectchat.escalations.commands.EscalationCommands;
import org.projectchat.escalations.domain.EscalationCommand;
import org.projectchat.eventsourcing.roster.ProjectReaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** The cases: the query API the dashboard and other tools use, and the actions ops and account managers take. */
@RestController
class CaseController {

    static final int MAX_PAGE = 200;

    private final Cases cases;
    private final CaseAccess access;
    private final EscalationCommands commands;
    private final ProjectReaders readers;
    private final Clock clock;

    CaseController(Cases cases, CaseAccess access, EscalationCommands commands, ProjectReaders readers, Clock clock) {
        this.cases = cases;
        this.access = access;
        this.commands = commands;
        this.readers = readers;
        this.clock = clock;
    }

    @Operation(summary = "Cases, newest first (or oldest), filtered; cursor pagination. Ops: every project; account managers: theirs")
    @GetMapping("/cases")
    Cases.Page list(PlatformUser user, @RequestParam(required = false) String status,
                    @RequestParam(required = false) String reason, @RequestParam(required = false) String trigger,
                    @RequestParam(required = false) String projectId, @RequestParam(required = false) String owner,
                    @RequestParam(defaultValue = "newest") String sort, @RequestParam(required = false) String cursor,
                    @RequestParam(defaultValue = "50") int limit) {
        if (limit < 1 || limit > MAX_PAGE) {
            throw ApiProblem.badRequest("invalid-limit", "limit is 1 to " + MAX_PAGE + ".");
        }
        return cases.list(filter(user, status, reason, trigger, projectId, owner), sort(sort), cursor, limit, clock.instant());
    }

    @Operation(summary = "The cases the filters select as CSV (no notes), oldest first")
    @GetMapping(path = "/cases.csv")
    void csv(PlatformUser user, @RequestParam(required = false) String status,
             @RequestParam(required = false) String reason, @RequestParam(required = false) String trigger,
             @RequestParam(required = false) String projectId, @RequestParam(required = false) String owner,
             HttpServletResponse response) throws IOException {
        Cases.Filter filter = filter(user, status, reason, trigger, projectId, owner);
        response.setContentType("text/csv; charset=utf-8");
        response.setHeader("Content-Disposition", "attachment; filename=\"escalation-cases.csv\"");
        Writer out = new java.io.OutputStreamWriter(response.getOutputStream(), StandardCharsets.UTF_8);
        out.write("case_id,project_id,trigger,reason,status,raised_by,raised_by_name,owner,owner_name,opened_at,"
                + "acknowledged_at,resolved_at,outcome,reopened,resolution_sought\r\n");
        cases.each(filter, c -> {
            try {
                out.write(String.join(",", List.of(csv(c.caseId()), csv(c.projectId()), csv(c.trigger()), csv(c.reason()),
                        csv(c.status()), csv(c.raisedBy()), csv(c.raisedByName()), csv(c.owner()), csv(c.ownerName()),
                        csv(c.openedAt()), csv(c.acknowledgedAt()), csv(c.resolvedAt()), csv(c.outcome()),
                        Integer.toString(c.reopened()), csv(c.resolutionSought()))) + "\r\n");
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        out.flush();
    }

    /** RFC 4180 quoting, and a leading =, +, - or @ defused so a spreadsheet does not run it as a formula. */
    static String csv(Object value) {
        if (value == null) {
            return "";
        }
        String text = value.toString();
        if (!text.isEmpty() && "=+-@".indexOf(text.charAt(0)) >= 0) {
            text = "'" + text;
        }
        return text.matches(".*[\",\r\n].*") || text.startsWith("'") ? "\"" + text.replace("\"", "\"\"") + "\"" : text;
    }

    @Operation(summary = "Figures for the dashboard: open cases by reason, cases opened and breaches per day, time to acknowledge and resolve per week")
    @GetMapping("/statistics")
    Cases.Statistics statistics(PlatformUser user, @RequestParam(defaultValue = "56") int days) {
        if (days < 1 || days > 366) {
            throw ApiProblem.badRequest("invalid-days", "days is 1 to 366.");
        }
        return cases.statistics(access.requireWorker(user), clock.instant(), days);
    }

    @Operation(summary = "One case with its notes")
    @GetMapping("/cases/{caseId}")
    Cases.Detail detail(PlatformUser user, @PathVariable String caseId) {
        access.requireProject(user, projectOf(caseId));
        return cases.detail(caseId).orElseThrow();
    }

    record NewCase(@NotNull EscalationReason reason, @Size(max = 2000) String resolutionSought) {
    }

    @Operation(summary = "Open a case for a project by hand (ops and the project's account managers)")
    @PostMapping("/projects/{projectId}/cases")
    @ResponseStatus(HttpStatus.CREATED)
    Cases.Detail open(PlatformUser user, @PathVariable String projectId, @RequestBody @Valid NewCase request) {
        PathIds.requireProjectId(projectId);
        readers.readerFor(projectId, user); // 404 for a project this service has never heard of
        access.requireProject(user, projectId);
        String caseId = EventIds.next().toString();
        commands.run(projectId, new EscalationCommand.Raise(caseId, request.reason(), request.resolutionSought(),
                user.userId(), null, Visibility.INTERNAL), actor(user), null, null);
        return cases.detail(caseId).orElseThrow();
    }

    @Operation(summary = "Take ownership of a case")
    @PostMapping("/cases/{caseId}/acknowledge")
    Cases.Detail acknowledge(PlatformUser user, @PathVariable String caseId) {
        return act(user, caseId, new EscalationCommand.Acknowledge(caseId, user.userId()));
    }

    record NoteRequest(@NotBlank @Size(max = 10_000) String body) {
    }

    @Operation(summary = "Add a note (seen by ops and account managers only)")
    @PostMapping("/cases/{caseId}/notes")
    @ResponseStatus(HttpStatus.CREATED)
    Cases.Detail note(PlatformUser user, @PathVariable String caseId, @RequestBody @Valid NoteRequest request) {
        return act(user, caseId, new EscalationCommand.AddNote(caseId, EventIds.next().toString(), request.body()));
    }

    record Resolution(@NotNull Outcome outcome, @Size(max = 10_000) String summary) {
    }

    @Operation(summary = "Resolve a case with an outcome and a summary")
    @PostMapping("/cases/{caseId}/resolve")
    Cases.Detail resolve(PlatformUser user, @PathVariable String caseId, @RequestBody @Valid Resolution request) {
        return act(user, caseId, new EscalationCommand.Resolve(caseId, request.outcome(), request.summary()));
    }

    record Reopening(@Size(max = 2000) String reason) {
    }

    @Operation(summary = "Reopen a resolved case")
    @PostMapping("/cases/{caseId}/reopen")
    Cases.Detail reopen(PlatformUser user, @PathVariable String caseId, @RequestBody(required = false) @Valid Reopening request) {
        return act(user, caseId, new EscalationCommand.Reopen(caseId, request == null ? null : request.reason()));
    }

    @Operation(summary = "The cases the caller raised in a project: their status, not their notes")
    @GetMapping("/projects/{projectId}/my-escalations")
    List<Cases.Status> mine(PlatformUser user, @PathVariable String projectId) {
        PathIds.requireProjectId(projectId);
        readers.readerFor(projectId, user); // a participant (or staff): 404 or 403 otherwise
        return cases.raisedBy(projectId, user.userId());
    }

    private Cases.Detail act(PlatformUser user, String caseId, EscalationCommand command) {
        String projectId = projectOf(caseId);
        access.requireProject(user, projectId);
        commands.run(projectId, command, actor(user), null, null);
        return cases.detail(caseId).orElseThrow();
    }

    private String projectOf(String caseId) {
        if (caseId.length() > 100) {
            throw ApiProblem.notFound("case-not-found", "No such case.");
        }
        return cases.projectOf(caseId).orElseThrow(() -> ApiProblem.notFound("case-not-found", "No case " + caseId + "."));
    }

    static Actor actor(PlatformUser user) {
        return new Actor(user.userId(), user.displayName(), user.isStaff() ? "PLATFORM_OPS" : "ACCOUNT_MANAGER");
    }

    private Cases.Filter filter(PlatformUser user, String status, String reason, String trigger, String projectId, String owner) {
        Set<String> projects = access.requireWorker(user);
        return new Cases.Filter(upper(status, "status", List.of("OPEN", "ACKNOWLEDGED", "RESOLVED", "ACTIVE")),
                upper(reason, "reason", java.util.Arrays.stream(EscalationReason.values()).map(Enum::name).toList()),
                upper(trigger, "trigger", java.util.Arrays.stream(Trigger.values()).map(Enum::name).toList()),
                blankToNull(projectId), blankToNull(owner), projects);
    }

    private static Cases.Sort sort(String sort) {
        return switch (sort.toLowerCase(Locale.ROOT)) {
            case "newest" -> Cases.Sort.NEWEST;
            case "oldest" -> Cases.Sort.OLDEST;
            default -> throw ApiProblem.badRequest("invalid-sort", "sort is newest or oldest.");
        };
    }

    private static String upper(String value, String name, List<String> allowed) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.trim().toUpperCase(Locale.ROOT);
        if (!allowed.contains(v)) {
            throw ApiProblem.badRequest("invalid-" + name, name + " is one of " + allowed + ".");
        }
        return v;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
