package org.projectchat.files.access;

import org.projectchat.baseline.ops.ProjectionLag;
import org.projectchat.contract.Visibility;
import org.projectchat.contract.VisibilityRule;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.Optional;

/**
 * Which files a reader of a project may download, from the attachments learnt from chat events. Who reads a project
 * at all is the kit's one reader check ({@link org.projectchat.eventsourcing.roster.ProjectReaders}).
 */
@Component
public class ProjectAccess {

    private final JdbcTemplate jdbc;

    public ProjectAccess(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
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
