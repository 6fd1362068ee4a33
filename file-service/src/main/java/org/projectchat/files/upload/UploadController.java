package org.projectchat.files.upload;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.SchemaProperty;
import jakarta.servlet.http.HttpServletRequest;
import org.projectchat.contract.PlatformUser;
import org.projectchat.baseline.web.ApiProblem;
import org.projectchat.baseline.web.PathIds;
import org.projectchat.files.FilesProperties;
import org.projectchat.eventsourcing.roster.ProjectReaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;
import java.net.URI;
import java.util.Map;
import java.util.TreeSet;

@RestController
public class UploadController {

    private final FileUploads uploads;
    private final ProjectReaders readers;
    private final FilesProperties properties;

    public UploadController(FileUploads uploads, ProjectReaders readers, FilesProperties properties) {
        this.uploads = uploads;
        this.readers = readers;
        this.properties = properties;
    }

    @Operation(summary = "What clients may upload: the size limit and the accepted types and extensions")
    @GetMapping("/files/limits")
    Map<String, Object> limits() {
        return Map.of("maxFileBytes", properties.maxFileBytes(),
                "acceptedTypes", new TreeSet<>(FileTypes.BY_TYPE.keySet()),
                "acceptedExtensions", FileTypes.EXTENSIONS.entrySet().stream().collect(
                        java.util.stream.Collectors.toMap(e -> e.getKey().name().toLowerCase(), e -> new TreeSet<>(e.getValue()))));
    }

    @Operation(summary = "Upload a file to a project (participants): multipart field 'file'")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(mediaType = MediaType.MULTIPART_FORM_DATA_VALUE,
            schema = @Schema(type = "object", requiredProperties = FilePart.FIELD),
            schemaProperties = @SchemaProperty(name = FilePart.FIELD, schema = @Schema(type = "string", format = "binary"))))
    @PostMapping(path = "/projects/{projectId}/files", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    ResponseEntity<FileUploads.StoredFile> upload(@PathVariable String projectId, HttpServletRequest request,
                                                  PlatformUser user) throws IOException {
        PathIds.requireProjectId(projectId);
        readers.readerFor(projectId, user); // participants and staff: 404 for an unknown project, 403 for an outsider
        long expected = request.getContentLengthLong();
        // the file and the multipart framing around it; a request announcing more is refused before it is read
        long maxRequestBytes = properties.maxFileBytes() + FilePart.FRAMING_BYTES;
        var part = new FilePart(request.getInputStream(), request.getContentType(), properties.maxFileBytes(), maxRequestBytes);
        if (expected > maxRequestBytes) {
            throw part.tooLarge();
        }
        // a refusal before the end of the body is answered all the same: Jetty reads what is left of it
        if (!part.find()) {
            throw ApiProblem.badRequest("missing-file", "Send the file as the multipart field 'file'.");
        }
        var stored = uploads.store(projectId, user, part, expected);
        return ResponseEntity.created(URI.create("/projects/" + projectId + "/files/" + stored.fileId())).body(stored);
    }
}
