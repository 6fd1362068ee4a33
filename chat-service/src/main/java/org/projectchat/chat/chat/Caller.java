package org.projectchat.chat.chat;

/**
 * Who issues a command, as far as the decider needs to know.
 *
 * @param userId         the token subject
 * @param displayName    for the event's actor
 * @param staff          platform ops or admin by token role
 * @param platformService the marketplace back end, acting for the platform
 */
public record Caller(String userId, String displayName, boolean staff, boolean platformService) {

    public boolean mayManageProjects() {
        return staff || platformService;
    }
}
