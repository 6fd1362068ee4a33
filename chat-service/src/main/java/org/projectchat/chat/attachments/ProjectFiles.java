package org.projectchat.chat.attachments;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.projectchat.baseline.ops.ProjectionLag;
import org.projectchat.baseline.web.ApiProblem;
import org.projectchat.contract.EventEnvelope;
import org.projectchat.contract.EventPayload;
import org.projectchat.contract.EventJson;
import org.projectchat.contract.FileEvent;
import org.projectchat.contract.Topic;
import org.projectchat.eventsourcing.projection.Projection;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;

import javax.sql.DataSource;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The files uploaded to each project, learnt from file.events.v1, so that a message attaches only
 * files of its own project. A client usually posts right after uploading, so an id not known yet
 * is given a moment to arrive before the post is refused.
 */
@Component
public class ProjectFiles {

    private final JdbcTemplate jdbc;
    private final Projection projection;

    public ProjectFiles(JdbcTemplate jdbc, DataSource dataSource) {
        this.jdbc = jdbc;
        this.projection = new Projection("project-files", false, ProjectFiles::apply, dataSource);
    }

    /**
     * Uploads are few beside posts: while none come, this consumer asks the broker for new file events five times a
     * second instead of fifty. A fetch in flight holds back the next, so a file event may wait up to 200 ms longer (a
     * post attaching a file just uploaded waits up to 2 s for it).
     */
    @KafkaListener(id = "project-files", topics = Topic.Names.FILE_EVENTS,
            groupId = "${chat.project-files.group-id:chat-project-files}", batch = "true",
            properties = "fetch.max.wait.ms=${chat.project-files.fetch-max-wait-ms:200}")
    void onEvents(List<ConsumerRecord<String, EventEnvelope<EventPayload>>> records) {
        projection.deliver(records);
    }

    private static void apply(List<EventEnvelope<EventPayload>> events, JdbcTemplate jdbc) {
        List<Object[]> rows = new ArrayList<>();
        for (var event : events) {
            if (event.payload() instanceof FileEvent.FileUploaded uploaded) {
                rows.add(new Object[]{uploaded.fileId(), event.streamId(), event.actor().userId(),
                        uploaded.fileName(), uploaded.contentType(), uploaded.size(),
                        Timestamp.from(event.occurredAt()), uploaded.width(), uploaded.height()});
            }
        }
        if (!rows.isEmpty()) {
            jdbc.batchUpdate("""
                    insert into project_files (file_id, project_id, uploader_id, name, content_type, size, uploaded_at,
                        width, height)
                    values (?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict (file_id) do nothing""", rows);
        }
    }

    /** Refuses with 422 unless every file was uploaded to this project. */
    public void requireUploadedTo(String projectId, List<String> fileIds) {
        if (fileIds == null || fileIds.isEmpty()) {
            return;
        }
        Set<String> missing = ProjectionLag.await(() -> missing(projectId, fileIds), Set::isEmpty);
        if (!missing.isEmpty()) {
            throw ApiProblem.unprocessable("attachment-not-in-project",
                    "Not uploaded to this project: " + String.join(", ", missing) + ".").with("fileIds", missing);
        }
    }

    /**
     * The files a message row's {@code attachments} (a jsonb array of file ids) attach, in their order,
     * as a JSON array of {@link AttachedFile}s ({@link #read}): a column for queries of the messages table.
     */
    public static final String ATTACHED_FILES_COLUMN = attachedFiles("attachments");

    private static final TypeReference<List<AttachedFile>> FILES = new TypeReference<>() { };

    /** The JSON array of the files an SQL expression's jsonb array of file ids names, in its order; unknown ids left out. */
    private static String attachedFiles(String fileIds) {
        return """
                (select coalesce(json_agg(json_build_object('fileId', f.file_id, 'name', f.name, 'contentType', f.content_type,
                    'size', f.size, 'width', f.width, 'height', f.height) order by a.ord), '[]'::json)
                 from jsonb_array_elements_text(%s) with ordinality a(file_id, ord)
                 join project_files f on f.file_id = a.file_id)::text""".formatted(fileIds);
    }

    /** Reads what {@link #ATTACHED_FILES_COLUMN} gives. */
    public static List<AttachedFile> read(String attachedFiles) {
        return EventJson.mapper().readValue(attachedFiles, FILES);
    }

    /** The files with these ids, in their order; ids not announced (yet) are left out. */
    public List<AttachedFile> describe(List<String> fileIds) {
        if (fileIds == null || fileIds.isEmpty()) {
            return List.of();
        }
        return read(jdbc.queryForObject("select " + attachedFiles("?::jsonb"), String.class,
                EventJson.mapper().writeValueAsString(fileIds)));
    }

    private Set<String> missing(String projectId, List<String> fileIds) {
        Set<String> missing = new HashSet<>(fileIds);
        missing.removeAll(jdbc.queryForList("select file_id from project_files where project_id = ? and file_id = any(?)",
                String.class, projectId, fileIds.toArray(String[]::new)));
        return missing;
    }
}
