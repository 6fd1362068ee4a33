package org.projectchat.notifications.push;

import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.spec.ECPrivateKeySpec;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

/** RFC 8291 Appendix A, byte for byte; and a browser reads what is sent. */
class PushEncryptionTest {

    static byte[] b64(String s) {
        return Base64.getUrlDecoder().decode(s);
    }

    static PrivateKey privateKey(String d) throws Exception {
        return KeyFactory.getInstance("EC").generatePrivate(new ECPrivateKeySpec(new BigInteger(1, b64(d)), EcKeys.P256));
    }

    static final String PLAINTEXT = "When I grow up, I want to be a watermelon";
    static final String AS_PRIVATE = "yfWPiYE-n46HLnH0KqZOF1fJJU3MYrct3AELtAQ-oRw";
    static final String AS_PUBLIC = "BP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A8";
    static final String UA_PRIVATE = "q1dXpw3UpT5VOmu_cf_v6ih07Aems3njxI-JWgLcM94";
    static final String UA_PUBLIC = "BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4";
    static final String SALT = "DGv6ra1nlYgDCS1FRnbzlw";
    static final String AUTH = "BTBZMqHH6r4Tts7J_aSIgg";
    static final String BODY = "DGv6ra1nlYgDCS1FRnbzlwAAEABBBP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A_"
            + "yl95bQpu6cVPTpK4Mqgkf1CXztLVBSt2Ks3oZwbuwXPXLWyouBWLVWGNWQexSgSxsj_Qulcy4a-fN";

    @Test
    void reproducesTheRfcsExampleByteForByte() throws Exception {
        KeyPair sender = new KeyPair(EcKeys.publicKey(b64(AS_PUBLIC)), privateKey(AS_PRIVATE));
        byte[] body = PushEncryption.encrypt(PLAINTEXT.getBytes(StandardCharsets.UTF_8), b64(UA_PUBLIC), b64(AUTH), sender, b64(SALT));
        assertThat(Base64.getUrlEncoder().withoutPadding().encodeToString(body)).isEqualTo(BODY);
    }

    @Test
    void theRfcsUserAgentReadsTheRfcsMessage() throws Exception {
        Browser agent = new Browser(new KeyPair(EcKeys.publicKey(b64(UA_PUBLIC)), privateKey(UA_PRIVATE)), b64(AUTH));
        assertThat(agent.decrypt(b64(BODY))).isEqualTo(PLAINTEXT);
    }

    @Test
    void aFreshBrowserReadsAFreshMessage() throws Exception {
        Browser browser = new Browser();
        String json = "{\"title\":\"Erik in Pipeline\",\"body\":\"ünïcode ✓\"}";
        byte[] body = PushEncryption.encrypt(json.getBytes(StandardCharsets.UTF_8), b64(browser.p256dh()), browser.auth);
        assertThat(browser.decrypt(body)).isEqualTo(json);
    }
}
