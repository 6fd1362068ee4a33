package org.projectchat.baseline.ops;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What every service observes of each request by default; each a default that a service's or operator's own
 * setting overrides:
 * <ul>
 *   <li>Traces are made only where they go somewhere: without an OTLP endpoint (and no sampling probability set on
 *       purpose, as tests with an in-memory exporter do) a service has no tracer at all. Spring Boot's default would
 *       sample one request in ten and build its spans for nobody (about a tenth of chat-service's CPU per post in the
 *       chat benchmark); sampling none still ran the tracing handlers on every request, message and event (about 6 %
 *       of chat-service's CPU per post there). A {@code traceparent} a caller sends still travels on the events it
 *       causes. The Helm chart sets an endpoint and a probability.</li>
 *   <li>No long-task timer per request ({@code http.server.requests.active}): it keeps every request in flight in a
 *       sorted set, a cost on every request for a figure nobody reads.</li>
 *   <li>No observation around each of Spring Security's filters (measured at about 5 % of chat-service's CPU under
 *       load before Spring Boot 4; with Boot 4 and Spring Security 7 the baseline's test application records no such
 *       observation even with it switched on, so this default is kept as a guard, not a measured gain); the request
 *       as a whole is still timed ({@code http.server.requests}).</li>
 *   <li>No application event per request ({@code ServletRequestHandledEvent}): Spring MVC builds and multicasts one
 *       after every request for listeners that no service has (0.5 % of chat-service's request threads in a profile
 *       of the chat benchmark); the request's timer above is how a request is observed here.</li>
 * </ul>
 */
public class ObservabilityDefaults implements EnvironmentPostProcessor, Ordered {

    static final String ENDPOINT = "management.opentelemetry.tracing.export.otlp.endpoint";
    static final String PROBABILITY = "management.tracing.sampling.probability";
    static final String IGNORED_METERS = "management.metrics.observations.ignored-meters";
    static final String SECURITY_OBSERVATIONS = "management.observations.enable.spring.security";
    static final String EXCLUDE = "spring.autoconfigure.exclude";
    static final String REQUEST_EVENTS = "spring.mvc.publish-request-handled-events";
    /** The tracer and the observation handlers that feed it. */
    static final List<String> TRACING = List.of(
            "org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration",
            "org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration");

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        Map<String, Object> defaults = new HashMap<>();
        defaults.put(IGNORED_METERS, "long-task-timer");
        defaults.put(SECURITY_OBSERVATIONS, "false");
        defaults.put(REQUEST_EVENTS, "false");
        if (!environment.containsProperty(ENDPOINT)) {
            if (!environment.containsProperty(PROBABILITY)) {
                // added to what the service excludes itself, which a default would replace
                List<String> excluded = new ArrayList<>(Binder.get(environment).bind(EXCLUDE, Bindable.listOf(String.class))
                        .orElse(List.of()));
                excluded.addAll(TRACING);
                environment.getPropertySources().addFirst(new MapPropertySource("projectchat-no-tracing",
                        Map.of(EXCLUDE, String.join(",", excluded))));
            }
            defaults.put(PROBABILITY, "0");
        }
        environment.getPropertySources().addLast(new MapPropertySource("projectchat-observability-defaults", defaults));
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE; // after the configuration files are read
    }
}
