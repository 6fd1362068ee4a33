package org.projectchat.notifications.push;

import org.projectchat.notifications.secrets.ServiceSecrets;
import org.springframework.stereotype.Component;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

/**
 * Voluntary Application Server Identification (RFC 8292): this service's P-256 key pair (configured, else made once
 * and shared by the replicas) and the ES256-signed JWT that goes with each push, with the JDK's own crypto.
 */
@Component
public class Vapid {

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private final ECPublicKey publicKey;
    private final ECPrivateKey privateKey;
    private final String subject;

    public Vapid(ServiceSecrets secrets, PushProperties properties) {
        String pair = properties.vapidKeyPair() != null && !properties.vapidKeyPair().isBlank()
                ? properties.vapidKeyPair() : secrets.get("vapid.key-pair", Vapid::newKeyPair);
        try {
            String[] parts = pair.split(":");
            KeyFactory factory = KeyFactory.getInstance("EC");
            this.privateKey = (ECPrivateKey) factory.generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(parts[0])));
            this.publicKey = (ECPublicKey) factory.generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(parts[1])));
        } catch (GeneralSecurityException | IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
            throw new IllegalStateException("the VAPID key pair (PKCS#8 private key:X.509 public key, each base64) cannot be read", e);
        }
        this.subject = properties.subject();
    }

    /** The application server key browsers subscribe with: the public key as an uncompressed point, base64url. */
    public String publicKey() {
        return B64.encodeToString(EcKeys.uncompressed(publicKey));
    }

    /** The {@code Authorization} header for a push to this endpoint: {@code vapid t=<JWT>, k=<public key>}. */
    public String authorization(String endpoint, Instant now) {
        URI uri = URI.create(endpoint);
        String audience = uri.getScheme() + "://" + uri.getAuthority();
        String header = B64.encodeToString("{\"typ\":\"JWT\",\"alg\":\"ES256\"}".getBytes(StandardCharsets.UTF_8));
        long expires = now.plus(Duration.ofHours(12)).getEpochSecond();
        String claims = B64.encodeToString(("{\"aud\":\"" + audience + "\",\"exp\":" + expires + ",\"sub\":\""
                + subject.replace("\"", "") + "\"}").getBytes(StandardCharsets.UTF_8));
        try {
            Signature es256 = Signature.getInstance("SHA256withECDSAinP1363Format");
            es256.initSign(privateKey);
            es256.update((header + "." + claims).getBytes(StandardCharsets.US_ASCII));
            return "vapid t=" + header + "." + claims + "." + B64.encodeToString(es256.sign()) + ", k=" + publicKey();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A new P-256 key pair as stored: base64 PKCS#8 private key, a colon, base64 X.509 public key. */
    static String newKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair pair = generator.generateKeyPair();
            return Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded()) + ":"
                    + Base64.getEncoder().encodeToString(pair.getPublic().getEncoded());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
