package org.projectchat.eventsourcing.roster;

import org.projectchat.baseline.web.ApiProblem;
import org.projectchat.contract.PlatformUser;
import org.projectchat.contract.VisibilityRule;

/**
 * The one check of who may read a project, for every service: the caller as a {@link VisibilityRule.Reader} of the
 * project, from this service's roster. Unknown project: 404. Not (or no longer) a participant and not staff: 403.
 */
public class ProjectReaders {

    private final Rosters rosters;

    public ProjectReaders(Rosters rosters) {
        this.rosters = rosters;
    }

    public VisibilityRule.Reader readerFor(String projectId, PlatformUser user) {
        Rosters.Standing standing = rosters.standing(projectId, user.userId());
        if (!standing.projectKnown()) {
            throw ApiProblem.notFound("unknown-project", "No project chat " + projectId + ".");
        }
        if (standing.role() == null && !user.isStaff()) {
            throw ApiProblem.forbidden("not-participant", "You do not take part in this project chat.");
        }
        return new VisibilityRule.Reader(standing.role(), user.isStaff());
    }
}
