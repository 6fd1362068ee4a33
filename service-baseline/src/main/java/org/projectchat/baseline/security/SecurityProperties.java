package org.projectchat.baseline.security;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.core.io.Resource;

import java.util.List;

/**
 * How bearer tokens are checked. Either a JWK Set URI (production identity provider) or an RSA
 * public key in PEM (dev mode's local issuer) must be given.
 *
 * @param issuer       required {@code iss} claim
 * @param audience     required entry of the {@code aud} claim
 * @param jwkSetUri    where the issuer publishes its signing keys
 * @param publicKey    location of an RSA public key (PEM, X.509 SubjectPublicKeyInfo)
 * @param publicPaths  extra paths that need no token
 */
@ConfigurationProperties("projectchat.security")
public record SecurityProperties(String issuer, String audience, String jwkSetUri, Resource publicKey,
                                 List<String> publicPaths) {
    public SecurityProperties {
        if (issuer == null) {
            issuer = "https://dev.projectchat.local/issuer";
        }
        if (audience == null) {
            audience = "project-chat";
        }
        if (publicPaths == null) {
            publicPaths = List.of();
        }
    }
}
