package org.projectchat.baseline.security;

import org.junit.jupiter.api.Test;
import org.projectchat.embedded.identity.LocalIssuer;
import org.springframework.security.converter.RsaKeyConverters;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VerifiedTokensTest {

    static final LocalIssuer ISSUER = LocalIssuer.ephemeral();

    /** A clock the test moves by hand. */
    static final class TestClock extends Clock {
        Instant now = Instant.now();

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    final AtomicInteger verifications = new AtomicInteger();
    final NimbusJwtDecoder nimbus = NimbusJwtDecoder.withPublicKey(RsaKeyConverters.x509().convert(
            new ByteArrayInputStream(ISSUER.publicKeyPem().getBytes(StandardCharsets.US_ASCII)))).build();
    final JwtDecoder counting = token -> {
        verifications.incrementAndGet();
        return nimbus.decode(token);
    };
    final TestClock clock = new TestClock();
    final VerifiedTokens tokens = new VerifiedTokens(counting, clock, 100);

    @Test
    void aTokenIsVerifiedOnceWhileValidAndAgainOnceItsExpiryHasPassed() {
        String token = ISSUER.mint("u-erik", "Erik", null, List.of("USER"), Duration.ofMinutes(2));
        for (int i = 0; i < 5; i++) {
            assertThat(tokens.decode(token).getSubject()).isEqualTo("u-erik");
        }
        assertThat(verifications).hasValue(1);

        clock.now = clock.now.plus(Duration.ofMinutes(3)); // past the token's expiry
        tokens.decode(token); // the real clock still says valid, so the delegate accepts; what matters is it was asked
        assertThat(verifications).hasValue(2);
    }

    @Test
    void aTokenThatFailsVerificationIsNeverRemembered() {
        String token = ISSUER.mint("u-erik", "Erik", null, List.of("USER"), Duration.ofMinutes(2));
        String tampered = token.substring(0, token.length() - 4) + (token.endsWith("AAAA") ? "BBBB" : "AAAA");
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> tokens.decode(tampered)).isInstanceOf(BadJwtException.class);
        }
        assertThat(verifications).hasValue(3);
    }

    @Test
    void differentTokensAreVerifiedEachOnTheirOwn() {
        String erik = ISSUER.mint("u-erik", "Erik", null, List.of("USER"), Duration.ofMinutes(2));
        String clara = ISSUER.mint("u-clara", "Clara", null, List.of("USER"), Duration.ofMinutes(2));
        assertThat(tokens.decode(erik).getSubject()).isEqualTo("u-erik");
        assertThat(tokens.decode(clara).getSubject()).isEqualTo("u-clara");
        assertThat(tokens.decode(erik).getSubject()).isEqualTo("u-erik");
        assertThat(verifications).hasValue(2);
    }
}
