package org.projectchat.chat.attachments;

/**
 * What a reader sees of a file a message attaches, as file-service announced it: enough to show it
 * (name, type, size) and to know whether to ask file-service for a thumbnail, without asking
 * file-service about each file.
 */
public record AttachedFile(String fileId, String name, String contentType, long size) {
}
