package org.projectchat.embedded;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.PrintStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;

/**
 * A single-node Kafka in KRaft mode (broker and controller combined), run by Kafka's own
 * {@link KafkaRaftServer} in this JVM. Its log directory survives restarts when kept.
 */
public final class EmbeddedKafka implements EmbeddedServer {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedKafka.class);

    /** Null when the broker runs elsewhere (a container the stack owns). */
    private final KafkaRaftServer server;
    private final String host;
    private final int port;

    private EmbeddedKafka(KafkaRaftServer server, String host, int port) {
        this.server = server;
        this.host = host;
        this.port = port;
    }

    /** A broker that runs elsewhere, e.g. in a container, ready at {@code host:port}. */
    static EmbeddedKafka reachedAt(String host, int port) throws InterruptedException {
        EmbeddedKafka kafka = new EmbeddedKafka(null, host, port);
        kafka.awaitReady();
        return kafka;
    }

    public static EmbeddedKafka start(Path dataDir, int port) {
        try {
            int brokerPort = Ports.orFree(port);
            int controllerPort = Ports.free();
            Path logDir = dataDir.toAbsolutePath();
            Files.createDirectories(logDir);

            Properties props = new Properties();
            props.put("process.roles", "broker,controller");
            props.put("node.id", "1");
            props.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
            props.put("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
            props.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
            props.put("controller.listener.names", "CONTROLLER");
            props.put("inter.broker.listener.name", "PLAINTEXT");
            props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
            props.put("log.dirs", logDir.toString());
            props.put("offsets.topic.replication.factor", "1");
            props.put("offsets.topic.num.partitions", "4");
            props.put("transaction.state.log.replication.factor", "1");
            props.put("transaction.state.log.min.isr", "1");
            props.put("transaction.state.log.num.partitions", "4");
            props.put("share.coordinator.state.topic.replication.factor", "1");
            props.put("share.coordinator.state.topic.min.isr", "1");
            props.put("group.initial.rebalance.delay.ms", "0");
            props.put("num.partitions", "1");
            props.put("auto.create.topics.enable", "false");
            props.put("log.flush.interval.messages", String.valueOf(Long.MAX_VALUE));

            KafkaConfig config = KafkaConfig.fromProps(props, false);
            if (!Files.exists(logDir.resolve("meta.properties"))) {
                new Formatter()
                        .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                        .setClusterId(Uuid.randomUuid().toString())
                        .setNodeId(1)
                        .setControllerListenerName("CONTROLLER")
                        .setMetadataLogDirectory(logDir.toString())
                        .addDirectory(logDir.toString())
                        .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                        .run();
            }
            KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
            server.startup();
            EmbeddedKafka kafka = new EmbeddedKafka(server, "127.0.0.1", brokerPort);
            kafka.awaitReady();
            log.info("Kafka (KRaft) listening on {}", kafka.address());
            return kafka;
        } catch (Exception e) {
            throw new IllegalStateException("Kafka did not start: " + e.getMessage(), e);
        }
    }

    private void awaitReady() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            try (Admin admin = admin()) {
                admin.describeCluster().nodes().get();
                return;
            } catch (ExecutionException e) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Kafka not ready in 60 s", e);
                }
                Thread.sleep(100);
            }
        }
    }

    public Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000, AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000));
    }

    /** Creates the topics that do not exist yet. */
    public void createTopics(Collection<NewTopic> topics) {
        try (Admin admin = admin()) {
            for (NewTopic topic : topics) {
                try {
                    admin.createTopics(java.util.List.of(topic)).all().get();
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("cannot create topic " + topic.name(), e.getCause());
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public String bootstrapServers() {
        return host + ":" + port;
    }

    public int port() {
        return port;
    }

    @Override
    public String name() {
        return "kafka";
    }

    @Override
    public String address() {
        return bootstrapServers();
    }

    @Override
    public void close() {
        if (server != null) {
            server.shutdown();
            server.awaitShutdown();
        }
    }
}
