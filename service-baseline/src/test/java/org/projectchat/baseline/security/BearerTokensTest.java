package org.projectchat.baseline.security;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The loops that replace Spring Security's regular expressions accept and refuse what those did. */
class BearerTokensTest {

    static String resolve(String authorization) {
        MockHttpServletRequest request = new MockHttpServletRequest();
        if (authorization != null) {
            request.addHeader("Authorization", authorization);
        }
        return new BearerTokens().resolve(request);
    }

    @Test
    void aBearerTokenIsReadWhateverTheSchemesCase() {
        assertThat(resolve("Bearer eyJhbGciOi.J9-_~+/x==")).isEqualTo("eyJhbGciOi.J9-_~+/x==");
        assertThat(resolve("bearer abc")).isEqualTo("abc");
        assertThat(resolve(null)).isNull();
        assertThat(resolve("Basic dXNlcjpwYXNz")).isNull();
    }

    @Test
    void aMalformedBearerTokenIsRefused() {
        for (String bad : new String[]{"Bearer", "Bearer ", "Bearer a b", "Bearer a=b", "Bearer \u00e9", "Bearerabc", "Bearer  abc"}) {
            assertThatThrownBy(() -> resolve(bad)).as(bad).isInstanceOf(OAuth2AuthenticationException.class);
        }
    }

    @Test
    void theFirewallRefusesControlAndUnassignedCharactersOnly() {
        assertThat(Firewall.printable("text/html; q=0.9, Grüße 日本 😀")).isTrue();
        assertThat(Firewall.printable("a\u0000b")).isFalse();
        assertThat(Firewall.printable("line\nbreak")).isFalse();
        assertThat(Firewall.printable("\u0378")).as("unassigned").isFalse();
        assertThat(Firewall.printable("")).isTrue();
    }

    @Test
    void theFirewallsLoopKeepsSpringSecuritysRuleForEveryCharacter() {
        java.util.regex.Pattern springDefault = java.util.regex.Pattern.compile("[\\p{IsAssigned}&&[^\\p{IsControl}]]*");
        for (int cp = 0; cp <= 0x10FFFF; cp++) {
            String value = "a" + Character.toString(cp) + "b";
            assertThat(Firewall.printable(value)).as("U+%04X", cp).isEqualTo(springDefault.matcher(value).matches());
        }
    }
}
