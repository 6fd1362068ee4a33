package org.projectchat.identity;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.converter.RsaKeyConverters;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.client.InMemoryRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.util.matcher.MediaTypeRequestMatcher;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsConfigurationSource;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.util.List;
import java.util.UUID;

/**
 * Spring Authorization Server set up as the web client's identity provider in dev mode: one public client (the web
 * client: authorization code, PKCE required, no consent screen), the demo users behind a login form, access tokens
 * that carry what every service requires (issuer, audience {@code project-chat}, the platform user id as subject, name,
 * email, platform roles), signed with dev mode's local key. The browser calls the discovery and token endpoints from
 * the gateway's origin, so those answer CORS for the redirect URIs' origins.
 */
@Configuration(proxyBeanMethods = false)
class AuthorizationServer {

    @Bean
    @Order(1)
    SecurityFilterChain protocolEndpoints(HttpSecurity http) throws Exception {
        http.oauth2AuthorizationServer(server -> {
                    http.securityMatcher(server.getEndpointsMatcher());
                    server.oidc(Customizer.withDefaults());
                })
                .authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
                .cors(Customizer.withDefaults())
                // a browser that is not signed in is sent to the login form, and back to the authorization afterwards
                .exceptionHandling(e -> e.defaultAuthenticationEntryPointFor(new LoginUrlAuthenticationEntryPoint("/login"),
                        new MediaTypeRequestMatcher(MediaType.TEXT_HTML)));
        return http.build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain signIn(HttpSecurity http) throws Exception {
        http.authorizeHttpRequests(requests -> requests.requestMatchers("/actuator/health/**").permitAll()
                        .anyRequest().authenticated())
                .formLogin(Customizer.withDefaults());
        return http.build();
    }

    @Bean
    UserDetailsService users(IdentityProperties properties) {
        if (properties.password() == null || properties.password().isBlank()) {
            throw new IllegalStateException("identity.password is required");
        }
        return new InMemoryUserDetailsManager(properties.users().keySet().stream()
                .map(login -> User.withUsername(login).password("{noop}" + properties.password()).roles("USER").build())
                .toList());
    }

    @Bean
    RegisteredClientRepository clients(IdentityProperties properties) {
        RegisteredClient web = RegisteredClient.withId(UUID.nameUUIDFromBytes(properties.clientId().getBytes()).toString())
                .clientId(properties.clientId())
                .clientAuthenticationMethod(ClientAuthenticationMethod.NONE)
                .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                .redirectUris(uris -> uris.addAll(properties.redirectUris()))
                // signing out of the web client ends the session here too, and comes back to the page it left
                .postLogoutRedirectUris(uris -> uris.addAll(properties.redirectUris()))
                .scope(OidcScopes.OPENID).scope(OidcScopes.PROFILE).scope(OidcScopes.EMAIL)
                .clientSettings(ClientSettings.builder().requireProofKey(true).requireAuthorizationConsent(false).build())
                .tokenSettings(TokenSettings.builder().accessTokenTimeToLive(properties.tokenTtl()).build())
                .build();
        return new InMemoryRegisteredClientRepository(web);
    }

    @Bean
    AuthorizationServerSettings settings(IdentityProperties properties) {
        return AuthorizationServerSettings.builder().issuer(properties.issuer()).build();
    }

    @Bean
    JWKSource<SecurityContext> signingKey(IdentityProperties properties) throws com.nimbusds.jose.JOSEException {
        RSAPublicKey publicKey;
        RSAPrivateKey privateKey;
        try (InputStream pub = properties.publicKey().getInputStream(); InputStream priv = properties.privateKey().getInputStream()) {
            publicKey = RsaKeyConverters.x509().convert(pub);
            privateKey = RsaKeyConverters.pkcs8().convert(priv);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the signing key", e);
        }
        RSAKey key = new RSAKey.Builder(publicKey).privateKey(privateKey).keyIDFromThumbprint().build();
        return new ImmutableJWKSet<>(new JWKSet(key));
    }

    /** What the services read of a token: subject = platform user id, audience, name, email, roles. */
    @Bean
    OAuth2TokenCustomizer<JwtEncodingContext> platformClaims(IdentityProperties properties) {
        return context -> {
            IdentityProperties.User user = properties.users().get(context.getPrincipal().getName());
            if (user == null) {
                return;
            }
            var claims = context.getClaims().subject(user.userId()).claim("name", user.name()).claim("email", user.email());
            if (OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType())) {
                claims.audience(List.of(properties.audience())).claim("roles", user.roles());
            } else if (OidcParameterNames.ID_TOKEN.equals(context.getTokenType().getValue())) {
                claims.claim("preferred_username", context.getPrincipal().getName());
            }
        };
    }

    /** The web client calls discovery and the token endpoint from the gateway's origin. */
    @Bean
    CorsConfigurationSource corsConfigurationSource(IdentityProperties properties) {
        CorsConfiguration browser = new CorsConfiguration();
        properties.redirectUris().stream().map(URI::create).map(u -> u.getScheme() + "://" + u.getAuthority()).distinct()
                .forEach(browser::addAllowedOrigin);
        browser.addAllowedMethod("GET");
        browser.addAllowedMethod("POST");
        browser.addAllowedHeader("Content-Type");
        browser.addAllowedHeader("Authorization");
        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
        source.registerCorsConfiguration("/**", browser);
        return source;
    }
}
