package org.projectchat.files.access;

import org.projectchat.baseline.ops.ProjectionLag;
import org.projectchat.baseline.security.PlatformUser;
import org.projectchat.baseline.web.ApiProblem;
import org.projectchat.contract.ParticipantRole;
import org.projectchat.contract.Visibility;
import org.projectchat.contract.VisibilityRule;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Optional;

/** Who may upload to and download from a project, from the roster and attachments learnt from chat events. */
@Component
public class ProjectAccess {

    private final JdbcTemplate jdbc;

    public ProjectAccess(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The caller as a reader of the project; 404 for an unknown project, 403 for an outsider. */
    public VisibilityRule.Reader readerFor(String projectId, PlatformUser user) {
        List<String> known = jdbc.queryForList("select role from participants where project_id = ? and user_id = ? and active",
                String.class, projectId, user.userId());
        if (!known.isEmpty()) {
            return new VisibilityRule.Reader(ParticipantRole.valueOf(known.getFirst()), user.isStaff());
        }
        Boolean exists = jdbc.queryForObject("select exists (select 1 from participants where project_id = ?)",
                Boolean.class, projectId);
        if (!Boolean.TRUE.equals(exists)) {
            throw ApiProblem.notFound("unknown-project", "No project chat " + projectId + ".");
        }
        if (!user.isStaff()) {
            throw ApiProblem.forbidden("not-participant", "You do not take part in this project chat.");
        }
        return VisibilityRule.Reader.staff();
    }

    /**
     * A file may be downloaded by ops, by its uploader while a participant, and by a participant who may
     * see a message that attaches it (and is not deleted). A file no message attaches yet is given a
     * moment: the message that attaches it may have been posted a few milliseconds ago, and a client
     * downloads what it has just seen posted. (Only its uploader knows its id before it is attached.)
     */
    public boolean mayDownload(VisibilityRule.Reader reader, String userId, String fileId, String uploaderId) {
        if (VisibilityRule.mayReview(reader)) {
            return true;
        }
        if (reader.projectRole() != null && uploaderId.equals(userId)) {
            return true;
        }
        String[] visible = VisibilityRule.visibleTo(reader).stream().map(Visibility::name).toArray(String[]::new);
        Optional<Boolean> attachedVisibly = ProjectionLag.await(() -> attachedVisibly(fileId, visible), Optional::isPresent);
        return attachedVisibly.orElse(false);
    }

    /** Whether a message the reader may see attaches the file; empty when no message attaches it. */
    private Optional<Boolean> attachedVisibly(String fileId, String[] visible) {
        return Optional.ofNullable(jdbc.queryForObject("""
                select bool_or(not deleted and visibility = any(?)) from attachments where file_id = ?""",
                Boolean.class, visible, fileId));
    }
}
