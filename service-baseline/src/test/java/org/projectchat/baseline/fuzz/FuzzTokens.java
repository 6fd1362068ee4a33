package org.projectchat.baseline.fuzz;

import com.nimbusds.jwt.JWTClaimsSet;
import org.projectchat.embedded.identity.LocalIssuer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/** Tokens of every {@link ApiFuzz.TokenKind}: good ones from the service's issuer, and every way one can be wrong. */
public final class FuzzTokens implements Function<ApiFuzz.TokenKind, String> {

    private static final LocalIssuer STRANGER = LocalIssuer.ephemeral();

    private final LocalIssuer issuer;
    private final String participant;
    private final String staff;
    private final String platform;

    /** @param participant a participant of the target's project */
    public FuzzTokens(LocalIssuer issuer, String participant, String staff, String platform) {
        this.issuer = issuer;
        this.participant = participant;
        this.staff = staff;
        this.platform = platform;
    }

    @Override
    public String apply(ApiFuzz.TokenKind kind) {
        Instant now = Instant.now();
        return switch (kind) {
            case VALID -> issuer.mint(participant, participant, null, List.of("USER"), Duration.ofMinutes(10));
            case STAFF -> issuer.mint(staff, staff, null, List.of("PLATFORM_OPS"), Duration.ofMinutes(10));
            case PLATFORM -> issuer.mint(platform, platform, null, List.of("PLATFORM_SERVICE"), Duration.ofMinutes(10));
            case NONE -> null;
            case GARBAGE -> "not.a.token";
            case FORGED -> STRANGER.mint(staff, staff, null, List.of("PLATFORM_OPS"), Duration.ofMinutes(10));
            case EXPIRED -> issuer.sign(claims(now).expirationTime(Date.from(now.minusSeconds(600))).build());
            case NO_SUB -> issuer.sign(claims(now).subject(null).build());
            case BLANK_SUB -> issuer.sign(claims(now).subject(" ").build());
            case NO_EXP -> issuer.sign(claims(now).expirationTime(null).build());
            case NO_ISS -> issuer.sign(claims(now).issuer(null).build());
            case NO_AUD -> issuer.sign(claims(now).audience((String) null).build());
            case WRONG_ISS -> issuer.sign(claims(now).issuer("https://evil.example").build());
            case WRONG_AUD -> issuer.sign(claims(now).audience("someone-else").build());
            case ROLES_NULL -> issuer.sign(claims(now).claim("roles", null).build());
            case ROLES_STRING -> issuer.sign(claims(now).claim("roles", "PLATFORM_OPS").build());
            case ALG_NONE -> unsigned(claims(now).build());
        };
    }

    private JWTClaimsSet.Builder claims(Instant now) {
        return new JWTClaimsSet.Builder().issuer(issuer.issuer()).audience(issuer.audience()).subject(participant)
                .claim("name", participant).claim("roles", List.of("USER"))
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(600))).jwtID(UUID.randomUUID().toString());
    }

    private static String unsigned(JWTClaimsSet claims) {
        Base64.Encoder url = Base64.getUrlEncoder().withoutPadding();
        return url.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + url.encodeToString(claims.toString().getBytes(StandardCharsets.UTF_8)) + ".";
    }
}
