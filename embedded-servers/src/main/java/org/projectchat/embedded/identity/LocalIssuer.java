package org.projectchat.embedded.identity;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.UUID;

/**
 * A stand-in identity provider for dev mode and tests: an RSA key pair kept in a folder, and
 * RS256 tokens minted with it. Services only ever get the public key. This class lives in the
 * harness module, which no service depends on at run time, so minting cannot be switched on in
 * production.
 */
public final class LocalIssuer {

    public static final String DEFAULT_ISSUER = "https://dev.projectchat.local/issuer";
    public static final String DEFAULT_AUDIENCE = "project-chat";

    private final RSAPublicKey publicKey;
    private final RSAPrivateKey privateKey;
    private final String issuer;
    private final String audience;

    private LocalIssuer(KeyPair keys, String issuer, String audience) {
        this.publicKey = (RSAPublicKey) keys.getPublic();
        this.privateKey = (RSAPrivateKey) keys.getPrivate();
        this.issuer = issuer;
        this.audience = audience;
    }

    /** A fresh key pair held in memory (tests). */
    public static LocalIssuer ephemeral() {
        return new LocalIssuer(generate(), DEFAULT_ISSUER, DEFAULT_AUDIENCE);
    }

    /** Where {@link #inFolder} keeps the private key (PKCS#8 PEM). */
    public static Path privateKeyFile(Path dir) {
        return dir.resolve("issuer-private.pem");
    }

    /** Where {@link #inFolder} keeps the public key (X.509 PEM), which the services verify tokens with. */
    public static Path publicKeyFile(Path dir) {
        return dir.resolve("issuer-public.pem");
    }

    /** The key pair kept in {@code dir}, created on first use (dev mode: tokens survive restarts). */
    public static LocalIssuer inFolder(Path dir) {
        return inFolder(dir, DEFAULT_ISSUER);
    }

    /** The same, minting tokens with this {@code iss} (dev mode's: its identity provider's address). */
    public static LocalIssuer inFolder(Path dir, String issuer) {
        try {
            Files.createDirectories(dir);
            Path privateFile = privateKeyFile(dir);
            Path publicFile = publicKeyFile(dir);
            KeyPair keys;
            if (Files.exists(privateFile) && Files.exists(publicFile)) {
                KeyFactory rsa = KeyFactory.getInstance("RSA");
                keys = new KeyPair(
                        rsa.generatePublic(new X509EncodedKeySpec(pemBytes(Files.readString(publicFile)))),
                        rsa.generatePrivate(new PKCS8EncodedKeySpec(pemBytes(Files.readString(privateFile)))));
            } else {
                keys = generate();
                Files.writeString(privateFile, pem("PRIVATE KEY", keys.getPrivate().getEncoded()));
                Files.writeString(publicFile, pem("PUBLIC KEY", keys.getPublic().getEncoded()));
            }
            return new LocalIssuer(keys, issuer, DEFAULT_AUDIENCE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public String issuer() {
        return issuer;
    }

    public String audience() {
        return audience;
    }

    /** The public key as PEM, for {@code projectchat.security.public-key}. */
    public String publicKeyPem() {
        return pem("PUBLIC KEY", publicKey.getEncoded());
    }

    /** Writes the public key PEM to a file and returns it. */
    public Path writePublicKey(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, publicKeyPem());
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes the public key to a temporary file and returns its Spring resource location ({@code file:...}). */
    public String publicKeyLocation() {
        try {
            Path file = Files.createTempFile("issuer-public", ".pem");
            file.toFile().deleteOnExit();
            return "file:" + writePublicKey(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String mint(String userId, String name, String email, List<String> roles, Duration ttl) {
        Instant now = Instant.now();
        return sign(new JWTClaimsSet.Builder()
                .issuer(issuer).audience(audience).subject(userId)
                .claim("name", name).claim("email", email).claim("roles", roles)
                .issueTime(Date.from(now)).notBeforeTime(Date.from(now.minusSeconds(5)))
                .expirationTime(Date.from(now.plus(ttl)))
                .jwtID(UUID.randomUUID().toString())
                .build());
    }

    /** Signs arbitrary claims: tests use it for wrong issuers, audiences and expired tokens. */
    public String sign(JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT).build(), claims);
            jwt.sign(new RSASSASigner(privateKey));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static byte[] pemBytes(String pem) {
        return Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
    }
}
