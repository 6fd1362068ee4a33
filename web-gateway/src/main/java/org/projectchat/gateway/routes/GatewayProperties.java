package org.projectchat.gateway.routes;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * @param services  each service the browser may reach, by the name in its path ({@code /api/chat/...} goes to
 *                  {@code services.chat}); adding a service is an entry here
 * @param rateLimit requests each user may make through the gateway
 */
@ConfigurationProperties("gateway")
public record GatewayProperties(Map<String, URI> services, RateLimit rateLimit) {

    public GatewayProperties {
        services = services == null ? Map.of() : new LinkedHashMap<>(services);
        rateLimit = rateLimit == null ? new RateLimit(null, null, null) : rateLimit;
    }

    /**
     * A token bucket per user (per address for requests without a token).
     *
     * @param perSecond how many requests a second a user may keep up
     * @param burst     how many a user may make at once after a pause
     * @param idle      how long an unused bucket is kept
     */
    public record RateLimit(Integer perSecond, Integer burst, Duration idle) {
        public RateLimit {
            perSecond = perSecond == null || perSecond <= 0 ? 20 : perSecond;
            burst = burst == null || burst <= 0 ? 100 : burst;
            idle = idle == null ? Duration.ofMinutes(10) : idle;
        }
    }
}
