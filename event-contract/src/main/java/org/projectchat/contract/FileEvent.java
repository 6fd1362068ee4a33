package org.projectchat.contract;

/** Attachment storage events, published on {@code file.events.v1}. */
public sealed interface FileEvent extends EventPayload {

    /**
     * A file is stored in object storage and may be attached to messages of its project. An image
     * (PNG, JPEG, GIF, WebP) carries its size in pixels when its header tells it, so that a client
     * can make room for its preview; other files, and events older than these fields, have none.
     */
    record FileUploaded(String fileId, String fileName, long size, String contentType, String sha256, Integer width,
                        Integer height) implements FileEvent {

        public FileUploaded(String fileId, String fileName, long size, String contentType, String sha256) {
            this(fileId, fileName, size, contentType, sha256, null, null);
        }

        @Override
        public String entityId() {
            return fileId;
        }
    }
}
