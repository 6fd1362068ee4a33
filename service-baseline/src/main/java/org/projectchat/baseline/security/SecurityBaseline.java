package org.projectchat.baseline.security;

import org.projectchat.baseline.web.ProblemResponses;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.InsufficientAuthenticationException;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.WebSecurityCustomizer;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.converter.RsaKeyConverters;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.JwtGrantedAuthoritiesConverter;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.firewall.RequestRejectedHandler;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * Every service is an OAuth2 resource server: RS256 bearer tokens, issuer, audience and expiry
 * checked, platform roles from the {@code roles} claim. 401 and 403 answer as problem+json.
 * This configuration only verifies tokens; minting them exists only in the dev launcher.
 */
@AutoConfiguration
@EnableWebSecurity
@EnableConfigurationProperties(SecurityProperties.class)
public class SecurityBaseline {

    static final List<String> ALWAYS_PUBLIC = List.of(
            "/actuator/health", "/actuator/health/**", "/actuator/info", "/actuator/prometheus",
            "/v3/api-docs", "/v3/api-docs/**", "/error");

    @Bean
    @ConditionalOnMissingBean(SecurityFilterChain.class)
    SecurityFilterChain securityFilterChain(HttpSecurity http, SecurityProperties properties) throws Exception {
        List<String> publicPaths = new ArrayList<>(ALWAYS_PUBLIC);
        publicPaths.addAll(properties.publicPaths());
        AuthenticationEntryPoint unauthorized = (request, response, e) -> {
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\"");
            ProblemResponses.write(response, HttpStatus.UNAUTHORIZED, "unauthorized",
                    "A valid bearer token is required", describe(e), request.getRequestURI());
        };
        AccessDeniedHandler forbidden = (request, response, e) -> ProblemResponses.write(response,
                HttpStatus.FORBIDDEN, "forbidden", "Forbidden", "Your roles do not allow this.", request.getRequestURI());
        // a stateless API: no session, no saved requests, no logout, no servlet-API request wrapper (each filter and
        // wrapper is paid on every request)
        http.csrf(csrf -> csrf.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                .logout(logout -> logout.disable())
                .servletApi(servletApi -> servletApi.disable())
                .authorizeHttpRequests(a -> a
                        .requestMatchers(publicPaths.toArray(String[]::new)).permitAll()
                        .anyRequest().authenticated())
                .oauth2ResourceServer(o -> o
                        .bearerTokenResolver(new BearerTokens())
                        .jwt(jwt -> jwt.jwtAuthenticationConverter(authenticationConverter()))
                        .authenticationEntryPoint(unauthorized)
                        .accessDeniedHandler(forbidden))
                .exceptionHandling(e -> e.authenticationEntryPoint(unauthorized).accessDeniedHandler(forbidden));
        return http.build();
    }

    /** The request firewall, its value checks without regular expressions (see {@link Firewall}). */
    @Bean
    WebSecurityCustomizer strictFirewall() {
        return web -> web.httpFirewall(Firewall.strict());
    }

    /**
     * No observations around each security filter, the authentication and the authorization: they cost several per cent
     * of CPU under load even when their meters are switched off; the request as a whole is still observed.
     */
    @Bean
    @ConditionalOnMissingBean
    SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.noObservations();
    }

    private static String describe(Exception e) {
        if (e instanceof InsufficientAuthenticationException) {
            return "No bearer token was sent.";
        }
        String message = e.getMessage() == null ? "" : e.getMessage();
        if (message.contains("expired")) {
            return "The token has expired.";
        }
        return "The bearer token is not valid.";
    }

    static JwtAuthenticationConverter authenticationConverter() {
        JwtGrantedAuthoritiesConverter roles = new JwtGrantedAuthoritiesConverter();
        roles.setAuthoritiesClaimName(PlatformUserArgumentResolver.ROLES_CLAIM);
        roles.setAuthorityPrefix("ROLE_");
        JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
        converter.setJwtGrantedAuthoritiesConverter(roles);
        return converter;
    }

    @Bean
    @ConditionalOnMissingBean
    JwtDecoder jwtDecoder(SecurityProperties properties) {
        NimbusJwtDecoder decoder;
        if (properties.jwkSetUri() != null && !properties.jwkSetUri().isBlank()) {
            decoder = NimbusJwtDecoder.withJwkSetUri(properties.jwkSetUri())
                    .jwsAlgorithm(SignatureAlgorithm.RS256).build();
        } else if (properties.publicKey() != null) {
            decoder = NimbusJwtDecoder.withPublicKey(readKey(properties))
                    .signatureAlgorithm(SignatureAlgorithm.RS256).build();
        } else {
            throw new IllegalStateException(
                    "Set projectchat.security.jwk-set-uri (production) or projectchat.security.public-key (dev)");
        }
        decoder.setJwtValidator(validator(properties));
        return new VerifiedTokens(decoder, Clock.systemUTC(), 50_000);
    }

    /**
     * What a token must be beside well signed: from our issuer, for our audience, unexpired, with an expiry at all, a
     * subject, and platform roles (if any) as a list of names. Anything else is a 401, never a surprise further in.
     */
    static OAuth2TokenValidator<Jwt> validator(SecurityProperties properties) {
        String audience = properties.audience();
        return new DelegatingOAuth2TokenValidator<>(
                JwtValidators.createDefaultWithIssuer(properties.issuer()),
                new JwtClaimValidator<Collection<String>>(JwtClaimNames.AUD, aud -> aud != null && aud.contains(audience)),
                new JwtClaimValidator<Instant>(JwtClaimNames.EXP, Objects::nonNull),
                new JwtClaimValidator<String>(JwtClaimNames.SUB, sub -> sub != null && !sub.isBlank() && sub.length() <= 200),
                new JwtClaimValidator<Object>(PlatformUserArgumentResolver.ROLES_CLAIM,
                        roles -> roles == null || roles instanceof List<?> list && list.stream().allMatch(String.class::isInstance)));
    }

    /** A request the firewall refuses is a 400 problem, not an exception that surfaces as a 500. */
    @Bean
    RequestRejectedHandler problemForRejectedRequests() {
        return (request, response, e) -> ProblemResponses.write(response, HttpStatus.BAD_REQUEST, "request-rejected",
                "Bad request", "The request has characters or a shape this service does not accept.", request.getRequestURI());
    }

    private static RSAPublicKey readKey(SecurityProperties properties) {
        try (InputStream in = properties.publicKey().getInputStream()) {
            return RsaKeyConverters.x509().convert(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + properties.publicKey(), e);
        }
    }

    @Bean
    PlatformUserArgumentResolver.Registration platformUserArgumentResolver() {
        return new PlatformUserArgumentResolver.Registration();
    }
}
