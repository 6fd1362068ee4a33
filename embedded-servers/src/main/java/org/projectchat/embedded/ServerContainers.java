package org.projectchat.embedded;

import org.opentest4j.TestAbortedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;

import java.time.Duration;
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

    /** Fails the test as skipped, with why, when containers are asked for and no Docker engine answers. */
    static void requireDocker() {
        if (!dockerAvailable()) {
            throw new TestAbortedException(NO_DOCKER);
        }
    }

    /** Whether a Docker engine answers (asked once per JVM). */
    static boolean dockerAvailable() {
        if (dockerAvailable == null) {
            dockerAvailable = probeDocker();
        }
        return dockerAvailable;
    }

    static final String NO_DOCKER = "-Dstack=containers asks for Kafka, PostgreSQL and MinIO from their official "
            + "images, and no Docker engine answers here (DOCKER_HOST or /var/run/docker.sock): skipped. Without -Dstack "
            + "the same tests run on the embedded servers.";
    private static volatile Boolean dockerAvailable;

    private static boolean probeDocker() {
        boolean available;
        try {
            available = DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            available = false;
        }
        if (!available) {
            System.err.println("[embedded-servers] " + NO_DOCKER);
        }
        return available;
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
