package org.projectchat.gateway.signin;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.net.URI;

/**
 * How people sign in to the web client: OpenID Connect authorization code with PKCE, run by the page itself against
 * the platform's identity provider. Unset, the client only takes a token handed to it ({@code /#token=...}).
 *
 * @param issuer   the identity provider (its {@code /.well-known/openid-configuration}); its tokens' {@code iss} is the
 *                 services' {@code JWT_ISSUER}
 * @param clientId the web client's registration there: a public client (no secret), PKCE, redirect URI the
 *                 gateway's {@code /}
 * @param scope    what to ask for
 */
@ConfigurationProperties("gateway.sign-in")
public record SignInProperties(URI issuer, String clientId, String scope) {

    public SignInProperties {
        issuer = issuer == null || issuer.toString().isBlank() ? null : issuer;
        clientId = clientId == null || clientId.isBlank() ? null : clientId;
        scope = scope == null || scope.isBlank() ? "openid profile email" : scope;
    }

    public boolean enabled() {
        return issuer != null && clientId != null;
    }

    /** Where the page may connect besides its own origin: the provider's (discovery, token endpoint). */
    public String origin() {
        return enabled() ? issuer.getScheme() + "://" + issuer.getRawAuthority() : null;
    }
}
