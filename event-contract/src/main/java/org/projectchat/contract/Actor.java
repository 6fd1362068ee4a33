package org.projectchat.contract;

import java.util.Objects;

/**
 * Who caused an event.
 *
 * @param userId      stable user id from the identity provider (the JWT subject)
 * @param displayName name shown beside the event
 * @param role        the actor's role in the project ({@link ParticipantRole} name), or a platform role
 *                    such as {@code PLATFORM_SERVICE} or {@code ADMIN} when the actor is not a participant
 */
public record Actor(String userId, String displayName, String role) {
    public Actor {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(role, "role");
    }
}
