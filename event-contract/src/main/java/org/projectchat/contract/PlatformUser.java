package org.projectchat.contract;

import java.util.Set;

/**
 * Who is calling, as their verified token says; controllers take it as a parameter and deciders decide with it.
 * Roles inside a project (expert, client, ...) are not here: they come from the project's roster.
 *
 * @param userId      the token subject
 * @param displayName the {@code name} claim, or the subject
 * @param email       the {@code email} claim, if any
 * @param roles       platform roles from the {@code roles} claim (unknown names are ignored)
 */
public record PlatformUser(String userId, String displayName, String email, Set<PlatformRole> roles) {

    /** Platform ops or admin: sees every project, may review edit and delete history. */
    public boolean isStaff() {
        return roles.contains(PlatformRole.PLATFORM_OPS) || roles.contains(PlatformRole.ADMIN);
    }

    public boolean isPlatformService() {
        return roles.contains(PlatformRole.PLATFORM_SERVICE);
    }

    /** May manage project chats (open them, manage participants). */
    public boolean mayManageProjects() {
        return isStaff() || isPlatformService();
    }
}
