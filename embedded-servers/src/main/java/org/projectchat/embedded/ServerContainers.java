package org.projectchat.embedded;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import org.opentest4j.TestAbortedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.dockerclient.DockerClientProviderStrategy;
import org.testcontainers.dockerclient.TransportConfig;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.ImageNameSubstitutor;
import org.testcontainers.utility.TestcontainersConfiguration;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * The stack's other mode ({@code -Dstack=containers}): Kafka, PostgreSQL and S3 (MinIO) from their official images,
 * through Testcontainers, for the same tests. Elasticsearch and SMTP stay embedded in this mode: the official
 * Elasticsearch image lacks the project's analysis plugin, which search-service's index settings use, and the tests
 * read the mail the SMTP server received from its in-JVM store.
 * <p>
 * A stopped server (an outage in a test) is a paused container, so it comes back on the same address with its data.
 */
final class ServerContainers {

    private static final Logger log = LoggerFactory.getLogger(ServerContainers.class);

    static final String PROPERTY = "stack";
    static final Set<Server> CONTAINERIZED = Set.of(Server.KAFKA, Server.POSTGRES, Server.S3);

    static final String KAFKA_IMAGE = "apache/kafka:4.1.1";
    static final String POSTGRES_IMAGE = "postgres:18";
    static final String MINIO_IMAGE = "minio/minio:RELEASE.2025-09-07T16-13-09Z";

    private ServerContainers() {
    }

    /** Whether this JVM's tests asked for containers ({@code -Dstack=containers}; the default is embedded). */
    static boolean wanted() {
        return "containers".equalsIgnoreCase(System.getProperty(PROPERTY, "embedded"));
    }

    /** Fails the test as skipped, with why, when containers are asked for and Testcontainers cannot run here. */
    static void requireDocker() {
        if (!dockerAvailable()) {
            throw new TestAbortedException(unavailable);
        }
    }

    /** Whether Testcontainers can run containers here (asked once per JVM); if not, {@link #unavailable()} says why. */
    static boolean dockerAvailable() {
        if (unavailable == null) {
            unavailable = probeDocker();
            if (!unavailable.isEmpty()) {
                System.err.println("[embedded-servers] " + unavailable);
            }
        }
        return unavailable.isEmpty();
    }

    /** Why the containers mode cannot run here; empty when it can. */
    static String unavailable() {
        dockerAvailable();
        return unavailable;
    }

    static final String NO_DOCKER = "-Dstack=containers asks for Kafka, PostgreSQL and MinIO from their official "
            + "images, and no Docker engine answers here (DOCKER_HOST or /var/run/docker.sock): skipped. Without -Dstack "
            + "the same tests run on the embedded servers.";
    private static volatile String unavailable;

    /**
     * Finding an engine is quick and fails first where there is none. An engine that answers can still be unusable,
     * typically because it reaches no registry to pull the images from; that is said as it is, not as a missing
     * engine, and found at the first pull rather than after Testcontainers' retries, which take minutes per test JVM.
     */
    private static String probeDocker() {
        TransportConfig transport;
        try {
            transport = DockerClientFactory.instance().getTransportConfig();
        } catch (RuntimeException | LinkageError e) {
            return NO_DOCKER;
        }
        try {
            imagesAtHand(transport);
            DockerClientFactory.instance().client();
            return "";
        } catch (RuntimeException | LinkageError e) {
            return engineUnusable(e);
        }
    }

    /** Each image the mode uses (Testcontainers' Ryuk too) is on the engine already, or is pulled now. */
    private static void imagesAtHand(TransportConfig transport) {
        try (DockerClient docker = DockerClientProviderStrategy.getClientForConfig(transport)) {
            for (String name : List.of(TestcontainersConfiguration.getInstance().getRyukImage(), KAFKA_IMAGE,
                    POSTGRES_IMAGE, MINIO_IMAGE)) {
                DockerImageName image = ImageNameSubstitutor.instance().apply(DockerImageName.parse(name));
                try {
                    docker.inspectImageCmd(image.asCanonicalNameString()).exec();
                } catch (NotFoundException missing) {
                    docker.pullImageCmd(image.getUnversionedPart()).withTag(image.getVersionPart()).start().awaitCompletion();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while pulling the images", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The reason given when an engine answers and Testcontainers cannot use it: the failure's causes, outermost first. */
    static String engineUnusable(Throwable failure) {
        StringBuilder causes = new StringBuilder();
        for (Throwable c = failure; c != null && causes.length() < 600; c = c.getCause()) {
            causes.append(causes.isEmpty() ? "" : "; caused by: ").append(String.valueOf(c.getMessage()).strip());
        }
        return "-Dstack=containers asks for Kafka, PostgreSQL and MinIO from their official images. A Docker engine "
                + "answers here, but Testcontainers cannot run containers on it (" + causes + "). The images come "
                + "from a registry (Docker Hub unless the engine is configured otherwise), which the engine must reach, "
                + "or they must be loaded into it beforehand: skipped. Without -Dstack the same tests run on the "
                + "embedded servers.";
    }

    /** A started container and the stack's view of it. */
    record Running(GenericContainer<?> container, EmbeddedServer server) {
    }

    static Running start(Server server) {
        try {
            return switch (server) {
                case KAFKA -> {
                    KafkaContainer kafka = new KafkaContainer(KAFKA_IMAGE)
                            .withEnv("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false")
                            .withEnv("KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS", "0")
                            .withStartupTimeout(Duration.ofMinutes(3));
                    kafka.start();
                    yield new Running(kafka, EmbeddedKafka.reachedAt(kafka.getHost(), kafka.getMappedPort(9092)));
                }
                case POSTGRES -> {
                    PostgreSQLContainer postgres = new PostgreSQLContainer(POSTGRES_IMAGE)
                            .withUsername(EmbeddedPostgresServer.USER).withPassword("postgres")
                            .withEnv("POSTGRES_HOST_AUTH_METHOD", "trust")
                            .withCommand("postgres", "-c", "max_connections=300", "-c", "fsync=off");
                    postgres.start();
                    yield new Running(postgres, EmbeddedPostgresServer.reachedAt(postgres.getHost(), postgres.getMappedPort(5432)));
                }
                case S3 -> {
                    GenericContainer<?> minio = new GenericContainer<>(MINIO_IMAGE)
                            .withEnv("MINIO_ROOT_USER", EmbeddedS3.ACCESS_KEY)
                            .withEnv("MINIO_ROOT_PASSWORD", EmbeddedS3.SECRET_KEY)
                            .withCommand("server", "/data")
                            .withExposedPorts(9000)
                            .waitingFor(Wait.forHttp("/minio/health/ready").forPort(9000));
                    minio.start();
                    yield new Running(minio, EmbeddedS3.reachedAt(minio.getHost(), minio.getMappedPort(9000)));
                }
                default -> throw new IllegalArgumentException(server + " runs embedded in both modes");
            };
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** An outage: the container is paused (connections hang, as to a server that stopped answering). */
    static void pause(GenericContainer<?> container) {
        log.info("Pausing {}", container.getDockerImageName());
        container.getDockerClient().pauseContainerCmd(container.getContainerId()).exec();
    }

    static void resume(GenericContainer<?> container) {
        log.info("Resuming {}", container.getDockerImageName());
        container.getDockerClient().unpauseContainerCmd(container.getContainerId()).exec();
    }
}
