package org.projectchat.chat;

import org.junit.jupiter.api.extension.ExtendWith;
import org.projectchat.embedded.EmbeddedServers;
import org.projectchat.embedded.EmbeddedServersExtension;
import org.projectchat.embedded.EmbeddedStack;
import org.projectchat.embedded.Server;
import org.projectchat.embedded.identity.LocalIssuer;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import org.springframework.boot.micrometer.tracing.test.autoconfigure.AutoConfigureTracing;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;


/**
 * Base of chat-service tests: the real service on a random port, against the JVM's shared
 * embedded Kafka and PostgreSQL, with tokens from a local issuer. All tests share one Spring
 * context; each test makes its own projects.
 */
@EmbeddedServers({Server.KAFKA, Server.POSTGRES})
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "management.tracing.sampling.probability=1.0", "management.opentelemetry.tracing.export.schedule-delay=100ms"})
@AutoConfigureTracing
@Import(ChatServiceTest.Spans.class)
public abstract class ChatServiceTest {

    /** The spans the service exports, kept in memory where an OTLP exporter would send them to a collector. */
    @TestConfiguration(proxyBeanMethods = false)
    static class Spans {
        @Bean
        InMemorySpanExporter spans() {
            return InMemorySpanExporter.create();
        }
    }

    protected static final LocalIssuer ISSUER = LocalIssuer.ephemeral();

    @LocalServerPort
    protected int port;

    @DynamicPropertySource
    static void servers(DynamicPropertyRegistry registry) {
        EmbeddedStack stack = EmbeddedServersExtension.sharedStack().start(
                java.util.EnumSet.of(Server.KAFKA, Server.POSTGRES));
        stack.postgres().createDatabase("chat");
        registry.add("spring.datasource.url", () -> stack.postgres().jdbcUrl("chat"));
        registry.add("spring.datasource.username", () -> "postgres");
        registry.add("spring.datasource.password", () -> "postgres");
        registry.add("spring.kafka.bootstrap-servers", () -> stack.kafka().bootstrapServers());
        registry.add("projectchat.security.public-key", ISSUER::publicKeyLocation);
    }

    protected ChatClient client() {
        return new ChatClient("http://localhost:" + port, ISSUER);
    }
}
