package org.projectchat.notifications.email;

import org.projectchat.notifications.secrets.ServiceSecrets;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

/**
 * Signed one-click unsubscribe links (RFC 8058): the token names a user and a project ('' for all their email) and
 * carries an HMAC-SHA256 of both, so it switches exactly that off, without logging in, and cannot be forged.
 */
@Component
public class UnsubscribeLinks {

    public record Target(String userId, String projectId) {
    }

    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private final byte[] key;

    public UnsubscribeLinks(ServiceSecrets secrets, @Value("${notifications.unsubscribe.secret:}") String configured) {
        String secret = configured.isBlank() ? secrets.get("unsubscribe.hmac", UnsubscribeLinks::random) : configured;
        this.key = secret.getBytes(StandardCharsets.UTF_8);
    }

    public String token(String userId, String projectId) {
        byte[] payload = (userId + "\n" + projectId).getBytes(StandardCharsets.UTF_8);
        return ENCODER.encodeToString(payload) + "." + ENCODER.encodeToString(mac(payload));
    }

    public Optional<Target> verify(String token) {
        int dot = token.indexOf('.');
        if (dot <= 0 || token.length() > 2000) {
            return Optional.empty();
        }
        try {
            byte[] payload = DECODER.decode(token.substring(0, dot));
            byte[] signature = DECODER.decode(token.substring(dot + 1));
            if (!MessageDigest.isEqual(signature, mac(payload))) {
                return Optional.empty();
            }
            String text = new String(payload, StandardCharsets.UTF_8);
            int newline = text.indexOf('\n');
            return newline < 0 ? Optional.empty() : Optional.of(new Target(text.substring(0, newline), text.substring(newline + 1)));
        } catch (IllegalArgumentException notBase64) {
            return Optional.empty();
        }
    }

    private byte[] mac(byte[] payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(payload);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String random() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return ENCODER.encodeToString(bytes);
    }
}
