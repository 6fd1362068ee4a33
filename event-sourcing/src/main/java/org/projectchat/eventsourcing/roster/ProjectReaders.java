package org.projectchat.eventsourcing.roster;

import org.projectchat.baseline.ops.ProjectionLag;
import org.projectchat.baseline.web.ApiProblem;
import org.projectchat.contract.PlatformUser;
import org.projectchat.contract.VisibilityRule;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * The one check of who may read a project, for every service: the caller as a {@link VisibilityRule.Reader} of the
 * project, from this service's roster. Unknown project: 404. Not (or no longer) a participant and not staff: 403.
 *
 * <p>The roster is a projection: it learns of a project just opened, or a participant just added, some milliseconds
 * after chat-service acknowledged it. A caller who acts at once (uploads to the project they just opened) is not
 * refused for that: before answering 404 or 403 the check gives the roster {@link #SETTLE} to catch up, and up to
 * {@link #GRACE} while this service's consumers are still behind their topics.
 */
public class ProjectReaders {

    /** The longest a refusal waits for the roster to catch up. */
    public static final Duration GRACE = Duration.ofSeconds(1);
    /** How long a refusal waits in any case: an event acknowledged a moment ago may not be on Kafka yet. */
    public static final Duration SETTLE = Duration.ofMillis(100);

    private final Rosters rosters;
    private final BooleanSupplier catchingUp;

    /** @param catchingUp whether the consumers that keep the roster are behind their topics */
    public ProjectReaders(Rosters rosters, BooleanSupplier catchingUp) {
        this.rosters = rosters;
        this.catchingUp = catchingUp;
    }

    public VisibilityRule.Reader readerFor(String projectId, PlatformUser user) {
        Rosters.Standing standing = ProjectionLag.await(() -> rosters.standing(projectId, user.userId()),
                s -> s.projectKnown() && (s.role() != null || user.isStaff()), GRACE, SETTLE, catchingUp);
        if (!standing.projectKnown()) {
            throw ApiProblem.notFound("unknown-project", "No project chat " + projectId + ".");
        }
        if (standing.role() == null && !user.isStaff()) {
            throw ApiProblem.forbidden("not-participant", "You do not take part in this project chat.");
        }
        return new VisibilityRule.Reader(standing.role(), user.isStaff());
    }
}
