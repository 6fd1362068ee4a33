package org.projectchat.files.download;

import io.swagger.v3.oas.annotations.Operation;
import org.projectchat.contract.PlatformUser;
import org.projectchat.files.FilesProperties;
import org.projectchat.files.access.ProjectAccess;
import org.projectchat.files.storage.ObjectStorage;
import org.projectchat.files.thumbnail.Thumbnails;
import org.projectchat.files.upload.FileTypes;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Downloads under the one visibility rule: streamed through this service by default, or as a
 * redirect to a presigned URL that lives a minute. Raster images may show inline, and have
 * thumbnails; everything else, SVG included, is an attachment, with a sanitized name, nosniff and a
 * sandboxing CSP.
 */
@RestController
public class DownloadController {

    private final ProjectAccess access;
    private final ObjectStorage storage;
    private final FilesProperties properties;
    private final Thumbnails thumbnails;

    public DownloadController(ProjectAccess access, ObjectStorage storage, FilesProperties properties, Thumbnails thumbnails) {
        this.thumbnails = thumbnails;
        this.access = access;
        this.storage = storage;
        this.properties = properties;
    }

    @Operation(summary = "File metadata (same permission as the download)")
    @GetMapping("/projects/{projectId}/files/{fileId}/info")
    Map<String, Object> info(@PathVariable String projectId, @PathVariable String fileId, PlatformUser user) {
        ProjectAccess.PermittedFile file = access.permittedFile(projectId, fileId, user);
        Map<String, Object> info = new LinkedHashMap<>(Map.of("fileId", file.fileId(), "name", file.name(), "size", file.size(),
                "contentType", file.contentType(), "sha256", file.sha256(), "uploaderId", file.uploaderId()));
        if (file.width() != null) {
            info.put("width", file.width());
            info.put("height", file.height());
        }
        return info;
    }

    @Operation(summary = "Download a file: streamed, or ?redirect=true for a short-lived presigned URL")
    @GetMapping("/projects/{projectId}/files/{fileId}")
    ResponseEntity<StreamingResponseBody> download(@PathVariable String projectId, @PathVariable String fileId,
                                                   @RequestParam(defaultValue = "false") boolean redirect, PlatformUser user,
                                                   WebRequest request) {
        ProjectAccess.PermittedFile file = access.permittedFile(projectId, fileId, user);
        boolean inline = FileTypes.isRasterImage(file.contentType());
        String disposition = (inline ? ContentDisposition.inline() : ContentDisposition.attachment())
                .filename(file.name(), StandardCharsets.UTF_8).build().toString();
        if (redirect) {
            String url = storage.presignedGet(file.key(), properties.presignedTtl(), file.contentType(), disposition);
            return ResponseEntity.status(HttpStatus.FOUND).location(URI.create(url))
                    .header(HttpHeaders.CACHE_CONTROL, "no-store").build();
        }
        if (request.checkNotModified(etag(file.sha256()))) {
            return null; // 304: the client has these bytes
        }
        return served(file.contentType(), disposition, file.sha256()).contentLength(file.size())
                .body(streamed(storage.get(file.key())));
    }

    @Operation(summary = "A thumbnail of a PNG, JPEG, GIF or WebP image (same permission as the download): "
            + "at most files.thumbnail-max-edge pixels on its longer side, upright, JPEG or (with transparency) PNG")
    @GetMapping("/projects/{projectId}/files/{fileId}/thumbnail")
    ResponseEntity<StreamingResponseBody> thumbnail(@PathVariable String projectId, @PathVariable String fileId,
                                                    PlatformUser user, WebRequest request) {
        ProjectAccess.PermittedFile file = access.permittedFile(projectId, fileId, user);
        String contentType = thumbnails.made(file.fileId(), file.key(), file.contentType(), file.thumbnail());
        String version = file.sha256() + "-thumbnail";
        if (request.checkNotModified(etag(version))) {
            return null; // 304
        }
        return served(contentType, ContentDisposition.inline().build().toString(), version)
                .body(streamed(thumbnails.open(file.fileId())));
    }

    private static String etag(String version) {
        return "\"" + version + "\"";
    }

    /** The headers every download carries: its type as detected, never sniffed, sandboxed if opened. */
    private static ResponseEntity.BodyBuilder served(String contentType, String disposition, String version) {
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType(contentType))
                .header(HttpHeaders.CONTENT_DISPOSITION, disposition)
                .header("X-Content-Type-Options", "nosniff")
                .header("Content-Security-Policy", "default-src 'none'; sandbox")
                .header(HttpHeaders.CACHE_CONTROL, "private, max-age=300")
                .header(HttpHeaders.ETAG, etag(version));
    }

    private static StreamingResponseBody streamed(InputStream content) {
        return out -> {
            try (content) {
                content.transferTo(out);
            }
        };
    }
}
