package org.projectchat.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** docker-compose.yml runs every service module and server, each started once what it needs is healthy. */
class ComposeTest {

    private static final File COMPOSE = Chart.ROOT.resolve("docker-compose.yml").toFile();
    private static final List<String> SERVERS = List.of("kafka", "postgres", "elasticsearch", "minio", "mailpit");

    @Test
    void everyServiceModuleAndServerIsThereWithAHealthcheck() throws Exception {
        JsonNode services = new YAMLMapper().readTree(COMPOSE).get("services");
        List<String> names = new ArrayList<>();
        services.fieldNames().forEachRemaining(names::add);
        assertThat(names).containsAll(Chart.serviceModules()).containsAll(SERVERS);
        for (String name : names) {
            assertThat(services.get(name).has("healthcheck")).as(name + " has a healthcheck").isTrue();
        }
        for (String module : Chart.serviceModules()) {
            JsonNode service = services.get(module);
            assertThat(service.get("ports").get(0).asText()).as(module + "'s port")
                    .isEqualTo(Chart.defaultPort(module) + ":" + Chart.defaultPort(module));
            JsonNode dependsOn = service.get("depends_on");
            assertThat(dependsOn.isObject()).as(module + " waits on conditions, not on start order").isTrue();
            dependsOn.properties().forEach(d -> {
                assertThat(names).as(module + " depends on a service that exists").contains(d.getKey());
                assertThat(d.getValue().get("condition").asText()).as(module + " -> " + d.getKey()).isEqualTo("service_healthy");
            });
            if (module.equals("web-gateway")) { // it talks to the services only
                assertThat(dependsOn.has("chat-service")).as("web-gateway waits for the services").isTrue();
            } else {
                assertThat(dependsOn.has("kafka") && dependsOn.has("postgres")).as(module + " waits for Kafka and PostgreSQL").isTrue();
            }
        }
    }

    /** The real Compose parser (Debian's docker-compose, installed by .ci/run) validates the file without an engine. */
    @Test
    void composeAcceptsTheFile() throws Exception {
        Process which = new ProcessBuilder("sh", "-c", "command -v docker-compose").start();
        assumeTrue(which.waitFor() == 0, "docker-compose is not installed here (.ci/run installs it): the file's schema is "
                + "checked in CI");
        Process config = new ProcessBuilder("docker-compose", "-f", COMPOSE.getPath(), "config", "-q")
                .redirectErrorStream(true).start();
        String output = new String(config.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(config.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(config.exitValue()).as(output).isZero();
    }
}
