package org.projectchat.files.access;

import org.projectchat.baseline.ops.ProjectionLag;
import org.projectchat.baseline.web.ApiProblem;
import org.projectchat.contract.PlatformUser;
import org.projectchat.eventsourcing.roster.ProjectReaders;
import org.projectchat.contract.Visibility;
import org.projectchat.contract.VisibilityRule;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Optional;

/**
 * Which files a reader of a project may download, from the attachments learnt from chat events. Who reads a project
 * at all is the kit's one reader check ({@link ProjectReaders}).
 */
@Component
public class ProjectAccess {

    private final JdbcTemplate jdbc;
    private final ProjectReaders readers;

    public ProjectAccess(JdbcTemplate jdbc, ProjectReaders readers) {
        this.jdbc = jdbc;
        this.readers = readers;
    }

    /** A stored file the caller may download. */
    public record PermittedFile(String fileId, String uploaderId, String name, long size, String contentType, String sha256,
                                String key, String thumbnail, Integer width, Integer height) {
    }

    /**
     * The file, if the caller may download it: 404 for an unknown project, 403 for an outsider, and 404 for a file
     * that is not in the project or that the caller may not see (it does not exist for them).
     */
    public PermittedFile permittedFile(String projectId, String fileId, PlatformUser user) {
        VisibilityRule.Reader reader = readers.readerFor(projectId, user);
        List<PermittedFile> rows = jdbc.query("""
                select file_id, uploader_id, name, size, content_type, sha256, object_key, thumbnail, width, height from files
                where file_id = ? and project_id = ?""",
                (rs, i) -> new PermittedFile(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getString(5),
                        rs.getString(6), rs.getString(7), rs.getString(8), rs.getObject(9, Integer.class),
                        rs.getObject(10, Integer.class)), fileId, projectId);
        if (rows.isEmpty() || !mayDownload(reader, user.userId(), fileId, rows.getFirst().uploaderId())) {
            throw ApiProblem.notFound("unknown-file", "No file " + fileId + " in this project for you.");
        }
        return rows.getFirst();
    }

    /**
     * A file may be downloaded by ops, by its uploader while a participant, and by a participant who may
     * see a message that attaches it (and is not deleted). A file no message attaches yet is given a
     * moment: the message that attaches it may have been posted a few milliseconds ago, and a client
     * downloads what it has just seen posted. (Only its uploader knows its id before it is attached.)
     */
    boolean mayDownload(VisibilityRule.Reader reader, String userId, String fileId, String uploaderId) {
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
