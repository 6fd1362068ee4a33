package org.projectchat.contract;

/** Attachment storage events, published on {@code file.events.v1}. */
public sealed interface FileEvent extends EventPayload {

    /** A file is stored in object storage and may be attached to messages of its project. */
    record FileUploaded(String fileId, String fileName, long size, String contentType, String sha256)
            implements FileEvent {
    }
}
