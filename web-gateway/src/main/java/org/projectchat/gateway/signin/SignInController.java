package org.projectchat.gateway.signin;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.LinkedHashMap;
import java.util.Map;

/** What the page needs to run the OIDC sign-in itself: the issuer, its client id and scope; empty when not set up. */
@RestController
class SignInController {

    private final SignInProperties properties;

    SignInController(SignInProperties properties) {
        this.properties = properties;
    }

    @GetMapping("/sign-in/oidc")
    Map<String, Object> oidc() {
        Map<String, Object> settings = new LinkedHashMap<>();
        if (properties.enabled()) {
            settings.put("issuer", properties.issuer().toString());
            settings.put("clientId", properties.clientId());
            settings.put("scope", properties.scope());
        }
        return settings;
    }
}
