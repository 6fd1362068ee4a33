package org.projectchat.baseline.ops;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ObservabilityDefaultsTest {

    private static StandardEnvironment environment(Map<String, Object> settings) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("settings", settings));
        new ObservabilityDefaults().postProcessEnvironment(environment, null);
        return environment;
    }

    private static List<String> excluded(StandardEnvironment environment) {
        return Binder.get(environment).bind(ObservabilityDefaults.EXCLUDE, Bindable.listOf(String.class)).orElse(List.of());
    }

    @Test
    void withoutAnExporterNothingIsSampledAndNoTracerIsBuilt() {
        StandardEnvironment environment = environment(Map.of());
        assertThat(environment.getProperty(ObservabilityDefaults.PROBABILITY)).isEqualTo("0");
        assertThat(excluded(environment)).containsExactlyElementsOf(ObservabilityDefaults.TRACING);
    }

    @Test
    void whatAServiceExcludesItselfStaysExcluded() {
        StandardEnvironment environment = environment(Map.of("spring.autoconfigure.exclude[0]", "com.example.OwnAutoConfiguration"));
        assertThat(excluded(environment)).startsWith("com.example.OwnAutoConfiguration")
                .containsAll(ObservabilityDefaults.TRACING);
    }

    @Test
    void withAnExporterSpringBootsDefaultHolds() {
        StandardEnvironment environment = environment(Map.of(ObservabilityDefaults.ENDPOINT, "http://collector:4318/v1/traces"));
        assertThat(environment.getProperty(ObservabilityDefaults.PROBABILITY)).isNull();
        assertThat(excluded(environment)).isEmpty();
    }

    @Test
    void anExplicitProbabilityWinsAndKeepsTheTracer() {
        StandardEnvironment environment = environment(Map.of(ObservabilityDefaults.PROBABILITY, "1.0"));
        assertThat(environment.getProperty(ObservabilityDefaults.PROBABILITY)).isEqualTo("1.0");
        assertThat(excluded(environment)).isEmpty();
    }

    @Test
    void noLongTaskTimerPerRequestAndNoObservationPerSecurityFilterUnlessAServiceAsks() {
        StandardEnvironment defaults = environment(Map.of());
        assertThat(defaults.getProperty(ObservabilityDefaults.IGNORED_METERS)).isEqualTo("long-task-timer");
        assertThat(defaults.getProperty(ObservabilityDefaults.SECURITY_OBSERVATIONS)).isEqualTo("false");
        assertThat(environment(Map.of(ObservabilityDefaults.SECURITY_OBSERVATIONS, "true"))
                .getProperty(ObservabilityDefaults.SECURITY_OBSERVATIONS)).isEqualTo("true");
    }
}
