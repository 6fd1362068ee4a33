package org.projectchat.baseline.security;

import org.springframework.security.oauth2.jwt.Jwt;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The caller, as the token says. Controllers take it as a parameter.
 *
 * @param userId      the token subject
 * @param displayName the {@code name} claim, or the subject
 * @param email       the {@code email} claim, if any
 * @param roles       platform roles from the {@code roles} claim (unknown names are ignored)
 */
public record PlatformUser(String userId, String displayName, String email, Set<PlatformRole> roles) {

    public static final String ROLES_CLAIM = "roles";

    public static PlatformUser from(Jwt jwt) {
        EnumSet<PlatformRole> roles = EnumSet.noneOf(PlatformRole.class);
        List<String> claimed = jwt.getClaimAsStringList(ROLES_CLAIM);
        if (claimed != null) {
            for (String role : claimed) {
                for (PlatformRole known : PlatformRole.values()) {
                    if (known.name().equalsIgnoreCase(role)) {
                        roles.add(known);
                    }
                }
            }
        }
        String name = jwt.getClaimAsString("name");
        return new PlatformUser(jwt.getSubject(), name != null ? name : jwt.getSubject(),
                jwt.getClaimAsString("email"), Set.copyOf(roles));
    }

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
