package org.projectchat.baseline.ops;

import org.junit.jupiter.api.Test;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class TracingDefaultsTest {

    private static StandardEnvironment environment(Map<String, Object> settings) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("settings", settings));
        new TracingDefaults().postProcessEnvironment(environment, null);
        return environment;
    }

    @Test
    void withoutAnExporterNothingIsSampled() {
        assertThat(environment(Map.of()).getProperty(TracingDefaults.PROBABILITY)).isEqualTo("0");
    }

    @Test
    void withAnExporterSpringBootsDefaultHolds() {
        assertThat(environment(Map.of(TracingDefaults.ENDPOINT, "http://collector:4318/v1/traces"))
                .getProperty(TracingDefaults.PROBABILITY)).isNull();
    }

    @Test
    void anExplicitProbabilityWins() {
        assertThat(environment(Map.of(TracingDefaults.PROBABILITY, "1.0")).getProperty(TracingDefaults.PROBABILITY)).isEqualTo("1.0");
    }
}
