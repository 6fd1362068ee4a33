package org.projectchat.identity;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.core.io.Resource;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * @param issuer       this provider's address, the {@code iss} of its tokens and what the services require
 * @param audience     the {@code aud} every service requires of an access token
 * @param privateKey   dev mode's signing key (PKCS#8 PEM), the local issuer's, so the services' public key verifies
 * @param publicKey    its public half (X.509 PEM)
 * @param clientId     the web client's id, a public client (no secret; PKCE required)
 * @param redirectUris where the web client may be sent back to (the gateway's {@code /})
 * @param password     the one password of every demo user (dev mode only)
 * @param tokenTtl     how long an access token lasts
 * @param users        the demo users by login name
 */
@ConfigurationProperties("identity")
public record IdentityProperties(String issuer, String audience, Resource privateKey, Resource publicKey, String clientId,
                                 List<String> redirectUris, String password, Duration tokenTtl, Map<String, User> users) {

    /** A person who may sign in: their platform user id (the tokens' subject), name, email and platform roles. */
    public record User(String userId, String name, String email, List<String> roles) {
    }

    public IdentityProperties {
        audience = audience == null ? "project-chat" : audience;
        clientId = clientId == null ? "project-chat-web" : clientId;
        redirectUris = redirectUris == null ? List.of() : List.copyOf(redirectUris);
        tokenTtl = tokenTtl == null ? Duration.ofHours(8) : tokenTtl;
        users = users == null ? Map.of() : Map.copyOf(users);
    }
}
