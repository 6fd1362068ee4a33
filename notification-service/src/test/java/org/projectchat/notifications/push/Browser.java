package org.projectchat.notifications.push;

import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.Base64;

/**
 * A browser's side of Web Push, written from RFC 8291 and RFC 8188 for tests: its subscription keys, and the
 * decryption of what a push service hands it. Independent of {@link PushEncryption} but for the HKDF steps.
 */
public final class Browser {

    public final KeyPair keys;
    public final byte[] auth = new byte[16];

    public Browser() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        this.keys = generator.generateKeyPair();
        new SecureRandom().nextBytes(auth);
    }

    public Browser(KeyPair keys, byte[] auth) {
        this.keys = keys;
        System.arraycopy(auth, 0, this.auth, 0, 16);
    }

    public String p256dh() {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(EcKeys.uncompressed((ECPublicKey) keys.getPublic()));
    }

    public String authSecret() {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(auth);
    }

    /** Decrypts an {@code aes128gcm} body of one record, as a browser does. */
    public String decrypt(byte[] body) throws GeneralSecurityException {
        ByteBuffer in = ByteBuffer.wrap(body);
        byte[] salt = new byte[16];
        in.get(salt);
        int recordSize = in.getInt();
        byte[] asPublic = new byte[in.get() & 0xff];
        in.get(asPublic);
        byte[] ciphertext = new byte[in.remaining()];
        in.get(ciphertext);
        if (recordSize < 18 || ciphertext.length > recordSize) {
            throw new GeneralSecurityException("bad record size");
        }
        byte[] uaPublic = EcKeys.uncompressed((ECPublicKey) keys.getPublic());
        KeyAgreement ecdh = KeyAgreement.getInstance("ECDH");
        ecdh.init(keys.getPrivate());
        ecdh.doPhase(EcKeys.publicKey(asPublic), true);
        byte[] ecdhSecret = ecdh.generateSecret();
        byte[] keyInfo = PushEncryption.concat("WebPush: info\0".getBytes(StandardCharsets.US_ASCII), uaPublic, asPublic);
        byte[] ikm = PushEncryption.expand(PushEncryption.hmac(auth, ecdhSecret), keyInfo, 32);
        byte[] prk = PushEncryption.hmac(salt, ikm);
        byte[] cek = PushEncryption.expand(prk, "Content-Encoding: aes128gcm\0".getBytes(StandardCharsets.US_ASCII), 16);
        byte[] nonce = PushEncryption.expand(prk, "Content-Encoding: nonce\0".getBytes(StandardCharsets.US_ASCII), 12);
        Cipher aes = Cipher.getInstance("AES/GCM/NoPadding");
        aes.init(Cipher.DECRYPT_MODE, new SecretKeySpec(cek, "AES"), new GCMParameterSpec(128, nonce));
        byte[] padded = aes.doFinal(ciphertext);
        int end = padded.length - 1;
        while (end >= 0 && padded[end] == 0) {
            end--;
        }
        if (end < 0 || padded[end] != 2) {
            throw new GeneralSecurityException("not the last record (delimiter " + (end < 0 ? "none" : padded[end]) + ")");
        }
        return new String(Arrays.copyOf(padded, end), StandardCharsets.UTF_8);
    }
}
