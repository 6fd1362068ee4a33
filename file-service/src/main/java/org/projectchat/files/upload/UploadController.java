package org.projectchat.files.upload;

import io.swagger.v3.oas.annotations.Operation;
import org.projectchat.baseline.security.PlatformUser;
import org.projectchat.baseline.web.ApiProblem;
import org.projectchat.baseline.web.PathIds;
import org.projectchat.files.FilesProperties;
import org.projectchat.files.access.ProjectAccess;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;

@RestController
public class UploadController {

    private final FileUploads uploads;
    private final ProjectAccess access;
    private final FilesProperties properties;

    private final Path spoolDir;

    public UploadController(FileUploads uploads, ProjectAccess access, FilesProperties properties) throws IOException {
        this.uploads = uploads;
        this.access = access;
        this.properties = properties;
        this.spoolDir = Files.createDirectories(Path.of(properties.uploadDir()));
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
    @PostMapping(path = "/projects/{projectId}/files", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    ResponseEntity<FileUploads.StoredFile> upload(@PathVariable String projectId,
                                                  @RequestParam(name = "file", required = false) MultipartFile file,
                                                  PlatformUser user) throws IOException {
        PathIds.requireProjectId(projectId);
        var reader = access.readerFor(projectId, user);
        if (reader.projectRole() == null && !user.isStaff()) {
            throw ApiProblem.forbidden("not-participant", "You do not take part in this project chat.");
        }
        if (file == null) {
            throw ApiProblem.badRequest("missing-file", "Send the file as the multipart field 'file'.");
        }
        if (file.isEmpty()) {
            throw ApiProblem.badRequest("empty-file", "The file is empty.");
        }
        Path spooled = spoolDir.resolve("upload-" + UUID.randomUUID() + ".bin"); // not created: the part is moved there
        try {
            // as a File: the container moves its spooled part there (transferTo(Path) would copy the bytes)
            file.transferTo(spooled.toFile());
            var stored = uploads.store(projectId, user, file.getOriginalFilename(), spooled);
            return ResponseEntity.created(URI.create("/projects/" + projectId + "/files/" + stored.fileId())).body(stored);
        } finally {
            Files.deleteIfExists(spooled);
        }
    }
}
