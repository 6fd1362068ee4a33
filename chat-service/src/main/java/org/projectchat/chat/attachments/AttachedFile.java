package org.projectchat.chat.attachments;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What a reader sees of a file a message attaches, as file-service announced it: enough to show it
 * (name, type, size; an image's width and height in pixels, to make room for its preview) and to
 * know whether to ask file-service for a thumbnail, without asking file-service about each file.
 */
public record AttachedFile(String fileId, String name, String contentType, long size,
                           @JsonInclude(JsonInclude.Include.NON_NULL) Integer width,
                           @JsonInclude(JsonInclude.Include.NON_NULL) Integer height) {
}
