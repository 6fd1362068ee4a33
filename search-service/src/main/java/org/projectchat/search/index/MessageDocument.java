package org.projectchat.search.index;

import java.util.List;

/**
 * One message in the index: what search needs, with the fields the permission filter uses
 * (project, visibility) and the operators use (author, kind, files, code, time).
 */
public record MessageDocument(String messageId, String projectId, long position, String body, String code,
                              List<String> attachmentIds, List<String> attachmentNames, String authorId, String authorName,
                              String authorHandle, String authorRole, String kind, String visibility, boolean hasFile,
                              boolean hasCode, String postedAt, String editedAt, int revision) {
}
