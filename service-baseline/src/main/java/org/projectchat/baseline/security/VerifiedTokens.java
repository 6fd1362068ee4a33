package org.projectchat.baseline.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Remembers bearer tokens that passed verification, until they expire (at most a few minutes), so
 * a client sending the same token with every request pays for one RSA signature check and JWT parse,
 * not one per request: that was about a tenth of chat-service's CPU under load. Signature, issuer
 * and audience are properties of the token's bytes, so they stay true; time is checked on every use,
 * and once the token's expiry has passed the delegate decides again (and refuses it). Tokens that
 * fail verification are never remembered.
 */
public final class VerifiedTokens implements JwtDecoder {

    static final Duration MAX_REMEMBERED = Duration.ofMinutes(5);

    private final JwtDecoder delegate;
    private final Clock clock;
    private final Cache<String, Jwt> verified;

    public VerifiedTokens(JwtDecoder delegate, Clock clock, long maximumSize) {
        this.delegate = delegate;
        this.clock = clock;
        this.verified = Caffeine.newBuilder().maximumSize(maximumSize)
                .expireAfter(Expiry.creating((String token, Jwt jwt) -> rememberFor(jwt)))
                .ticker(() -> clock.millis() * 1_000_000L)
                .build();
    }

    @Override
    public Jwt decode(String token) throws JwtException {
        Jwt jwt = verified.getIfPresent(token);
        Instant now = clock.instant();
        if (jwt != null && stillValid(jwt, now)) {
            return jwt;
        }
        jwt = delegate.decode(token);
        if (stillValid(jwt, now)) {
            verified.put(token, jwt);
        }
        return jwt;
    }

    private Duration rememberFor(Jwt jwt) {
        Duration untilExpiry = Duration.between(clock.instant(), jwt.getExpiresAt());
        return untilExpiry.compareTo(MAX_REMEMBERED) < 0 ? untilExpiry : MAX_REMEMBERED;
    }

    private static boolean stillValid(Jwt jwt, Instant now) {
        return jwt.getExpiresAt() != null && now.isBefore(jwt.getExpiresAt())
                && (jwt.getNotBefore() == null || !now.isBefore(jwt.getNotBefore()));
    }
}
