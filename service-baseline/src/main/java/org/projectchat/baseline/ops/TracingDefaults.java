package org.projectchat.baseline.ops;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

import java.util.Map;

/**
 * Traces are sampled only where they go somewhere: without an OTLP endpoint a service samples none (Spring Boot's
 * default would sample one request in ten and build its spans for nobody, about a tenth of chat-service's CPU per post
 * in the chat benchmark). An explicit {@code management.tracing.sampling.probability} (the Helm chart sets one) wins.
 */
public class TracingDefaults implements EnvironmentPostProcessor, Ordered {

    static final String ENDPOINT = "management.opentelemetry.tracing.export.otlp.endpoint";
    static final String PROBABILITY = "management.tracing.sampling.probability";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (!environment.containsProperty(ENDPOINT) && !environment.containsProperty(PROBABILITY)) {
            environment.getPropertySources().addLast(new MapPropertySource("projectchat-tracing-defaults", Map.of(PROBABILITY, "0")));
        }
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE; // after the configuration files are read
    }
}
