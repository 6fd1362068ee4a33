package org.projectchat.baseline.ops;

import org.junit.jupiter.api.Test;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ConsumerDefaultsTest {

    private static StandardEnvironment environment(Map<String, Object> settings) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("settings", settings));
        new ConsumerDefaults().postProcessEnvironment(environment, null);
        return environment;
    }

    @Test
    void consumersReadCommittedEnvelopesAndWaitAtMost20msForAnEmptyFetch() {
        StandardEnvironment environment = environment(Map.of());
        assertThat(environment.getProperty("spring.kafka.consumer.isolation-level")).isEqualTo("read-committed");
        assertThat(environment.getProperty("spring.kafka.consumer.fetch-max-wait")).isEqualTo("20ms");
        assertThat(environment.getProperty("spring.kafka.consumer.value-deserializer"))
                .isEqualTo("org.springframework.kafka.support.serializer.ErrorHandlingDeserializer");
        assertThat(environment.getProperty("spring.kafka.consumer.properties.spring.deserializer.value.delegate.class"))
                .isEqualTo("org.projectchat.contract.EventEnvelopeDeserializer");
    }

    @Test
    void aServicesOwnSettingWins() {
        StandardEnvironment environment = environment(Map.of("spring.kafka.consumer.max-poll-records", "2000"));
        assertThat(environment.getProperty("spring.kafka.consumer.max-poll-records")).isEqualTo("2000");
        assertThat(environment.getProperty("spring.kafka.consumer.auto-offset-reset")).isEqualTo("earliest");
    }

    @Test
    void offsetsAreCommittedByTheListenerContainerAfterEachPoll() {
        StandardEnvironment environment = environment(Map.of());
        assertThat(environment.getProperty("spring.kafka.consumer.enable-auto-commit")).isEqualTo("false");
        assertThat(environment.getProperty("spring.kafka.listener.ack-mode")).isEqualTo("batch");
    }
}
