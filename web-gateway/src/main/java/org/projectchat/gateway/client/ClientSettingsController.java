package org.projectchat.gateway.client;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.LinkedHashMap;
import java.util.Map;

/** How the web client signs people in, read by the page before anything else. */
@RestController
class ClientSettingsController {

    private final ClientProperties properties;

    ClientSettingsController(ClientProperties properties) {
        this.properties = properties;
    }

    @GetMapping("/client-settings")
    Map<String, Object> settings() {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("devSignIn", properties.devSignIn());
        var oidc = properties.oidc();
        if (oidc != null && oidc.issuer() != null && !oidc.issuer().isBlank()) {
            settings.put("oidc", Map.of("issuer", oidc.issuer(), "clientId", oidc.clientId(), "scope", oidc.scope()));
        }
        return settings;
    }
}
