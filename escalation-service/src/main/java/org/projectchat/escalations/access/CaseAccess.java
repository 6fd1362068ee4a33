package org.projectchat.escalations.access;

import org.projectchat.baseline.web.ApiProblem;
import org.projectchat.contract.ParticipantRole;
import org.projectchat.contract.PlatformUser;
import org.projectchat.eventsourcing.roster.Rosters;
import org.springframework.stereotype.Component;

import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Who works cases: platform ops and admins (every project), and account managers (and ops taking part as
 * participants) of their own projects. Experts and clients do not see cases; a participant who raised one sees its
 * status only, through their own view.
 */
@Component
public class CaseAccess {

    private final Rosters rosters;

    public CaseAccess(Rosters rosters) {
        this.rosters = rosters;
    }

    /** The projects whose cases the user works: null for all (staff); empty for none. */
    public Set<String> projects(PlatformUser user) {
        if (user.isStaff()) {
            return null;
        }
        Map<String, ParticipantRole> mine = rosters.activeProjectsOf(user.userId());
        return mine.entrySet().stream()
                .filter(e -> e.getValue() == ParticipantRole.ACCOUNT_MANAGER || e.getValue() == ParticipantRole.PLATFORM_OPS)
                .map(Map.Entry::getKey).collect(Collectors.toUnmodifiableSet());
    }

    /** The projects the user works, or 403 if there are none: the dashboard is for ops and account managers. */
    public Set<String> requireWorker(PlatformUser user) {
        Set<String> projects = projects(user);
        if (projects != null && projects.isEmpty()) {
            throw ApiProblem.forbidden("not-case-worker",
                    "Escalation cases are for platform ops and the projects' account managers.");
        }
        return projects;
    }

    /** 403 unless the user works the cases of this project. */
    public void requireProject(PlatformUser user, String projectId) {
        Set<String> projects = requireWorker(user);
        if (projects != null && !projects.contains(projectId)) {
            throw ApiProblem.forbidden("not-case-worker",
                    "Only platform ops and this project's account managers work its escalation cases.");
        }
    }
}
