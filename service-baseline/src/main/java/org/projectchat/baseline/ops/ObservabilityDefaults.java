package org.projectchat.baseline.ops;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

import java.util.HashMap;
import java.util.Map;

/**
 * What every service observes of each request by default; each a default that a service's or operator's own
 * setting overrides:
 * <ul>
 *   <li>Traces are sampled only where they go somewhere: without an OTLP endpoint a service samples none (Spring
 *       Boot's default would sample one request in ten and build its spans for nobody, about a tenth of
 *       chat-service's CPU per post in the chat benchmark). The Helm chart sets a probability.</li>
 *   <li>No long-task timer per request ({@code http.server.requests.active}): it keeps every request in flight in a
 *       sorted set, a cost on every request for a figure nobody reads.</li>
 *   <li>No observation around each of Spring Security's filters (measured at about 5 % of chat-service's CPU under
 *       load before Spring Boot 4; with Boot 4 and Spring Security 7 the baseline's test application records no such
 *       observation even with it switched on, so this default is kept as a guard, not a measured gain); the request
 *       as a whole is still timed ({@code http.server.requests}).</li>
 * </ul>
 */
public class ObservabilityDefaults implements EnvironmentPostProcessor, Ordered {

    static final String ENDPOINT = "management.opentelemetry.tracing.export.otlp.endpoint";
    static final String PROBABILITY = "management.tracing.sampling.probability";
    static final String IGNORED_METERS = "management.metrics.observations.ignored-meters";
    static final String SECURITY_OBSERVATIONS = "management.observations.enable.spring.security";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        Map<String, Object> defaults = new HashMap<>();
        defaults.put(IGNORED_METERS, "long-task-timer");
        defaults.put(SECURITY_OBSERVATIONS, "false");
        if (!environment.containsProperty(ENDPOINT)) {
            defaults.put(PROBABILITY, "0");
        }
        environment.getPropertySources().addLast(new MapPropertySource("projectchat-observability-defaults", defaults));
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE; // after the configuration files are read
    }
}
