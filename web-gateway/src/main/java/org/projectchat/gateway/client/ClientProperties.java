package org.projectchat.gateway.client;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * What the web client is told at start ({@code GET /client-settings}).
 *
 * @param devSignIn whether sign-in links with a token in the fragment ({@code /#token=...}, as {@code ./dev.sh}
 *                  prints them) are accepted; off in production
 * @param oidc      the identity provider the client signs people in with (authorization code with PKCE); absent in dev
 */
@ConfigurationProperties("client")
public record ClientProperties(boolean devSignIn, Oidc oidc) {

    /**
     * @param issuer   the provider's issuer URL (its {@code /.well-known/openid-configuration} is read by the browser)
     * @param clientId the public client registered for this web client, with {@code <gateway>/} as redirect URI
     * @param scope    what to ask for
     */
    public record Oidc(String issuer, String clientId, String scope) {
        public Oidc {
            scope = scope == null || scope.isBlank() ? "openid profile email" : scope;
        }
    }
}
