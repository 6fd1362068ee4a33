package org.projectchat.contract;

/**
 * Roles a token may carry in its {@code roles} claim. Roles inside a project (expert, client, …)
 * are not in the token: they come from the project's participants.
 */
public enum PlatformRole {
    /** Platform operations staff: reviews every chat, mediates escalations. */
    PLATFORM_OPS,
    /** Administrators: everything ops may do. */
    ADMIN,
    /** Other platform services (marketplace back end) acting on behalf of the platform. */
    PLATFORM_SERVICE,
    /** Any signed-in marketplace user. */
    USER
}
