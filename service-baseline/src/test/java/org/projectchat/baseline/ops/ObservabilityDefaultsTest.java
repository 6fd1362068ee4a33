package org.projectchat.baseline.ops;

import org.junit.jupiter.api.Test;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ObservabilityDefaultsTest {

    private static StandardEnvironment environment(Map<String, Object> settings) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("settings", settings));
        new ObservabilityDefaults().postProcessEnvironment(environment, null);
        return environment;
    }

    @Test
    void withoutAnExporterNothingIsSampled() {
        assertThat(environment(Map.of()).getProperty(ObservabilityDefaults.PROBABILITY)).isEqualTo("0");
    }

    @Test
    void withAnExporterSpringBootsDefaultHolds() {
        assertThat(environment(Map.of(ObservabilityDefaults.ENDPOINT, "http://collector:4318/v1/traces"))
                .getProperty(ObservabilityDefaults.PROBABILITY)).isNull();
    }

    @Test
    void anExplicitProbabilityWins() {
        assertThat(environment(Map.of(ObservabilityDefaults.PROBABILITY, "1.0")).getProperty(ObservabilityDefaults.PROBABILITY)).isEqualTo("1.0");
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
