package org.projectchat.chat.export;

import io.swagger.v3.oas.annotations.Operation;
import org.projectchat.contract.PlatformUser;
import org.projectchat.baseline.web.ApiProblem;
import org.projectchat.baseline.web.PathIds;
import org.projectchat.chat.messages.MessageStore;
import org.projectchat.eventsourcing.roster.ProjectReaders;
import org.projectchat.contract.VisibilityRule;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

import java.util.Locale;

@RestController
public class ExportController {

    private final ChatExport export;
    private final ProjectReaders readers;
    private final MessageStore store;

    public ExportController(ChatExport export, ProjectReaders readers, MessageStore store) {
        this.export = export;
        this.readers = readers;
        this.store = store;
    }

    @Operation(summary = "Export the history the caller may see: format=jsonl|csv|html (ops exports include edits and deletes)")
    @GetMapping("/projects/{projectId}/export")
    ResponseEntity<StreamingResponseBody> export(@PathVariable String projectId,
                                                 @RequestParam(defaultValue = "jsonl") String format, PlatformUser user) {
        PathIds.requireProjectId(projectId);
        ChatExport.Format chosen;
        try {
            chosen = ChatExport.Format.valueOf(format.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiProblem.badRequest("invalid-format", "format is one of jsonl, csv, html.");
        }
        VisibilityRule.Reader reader = readers.readerFor(projectId, user);
        String title = store.title(projectId);
        StreamingResponseBody body = out -> export.write(projectId, title, reader, chosen, out);
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType(chosen.mediaType + ";charset=UTF-8"))
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                        .filename(projectId + "-chat." + chosen.extension).build().toString())
                .header("X-Content-Type-Options", "nosniff")
                .body(body);
    }
}
