package org.projectchat.dev;

import org.projectchat.embedded.EmbeddedS3;
import org.projectchat.embedded.EmbeddedStack;
import org.projectchat.embedded.Ports;
import org.projectchat.embedded.Server;
import org.projectchat.embedded.ServerProcess;
import org.projectchat.embedded.identity.LocalIssuer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The whole system on real servers: Kafka in a JVM of its own (it can be killed and restarted like a broker in
 * production), PostgreSQL, Elasticsearch (in this JVM or, if asked, its own), S3 and SMTP, and every service as its
 * own supervised process from its production jar; the demo project seeded. {@code ./dev.sh} runs it on fixed ports;
 * system tests on free ones.
 */
public final class DevSystem implements AutoCloseable {

    /** The services built so far, with their ports and PostgreSQL database: each added here when its issue is taken. */
    record ServiceSpec(String name, int port, String database) {
        Path jar(Path root) {
            return root.resolve(name).resolve("target").resolve(name + "-0.1.0-SNAPSHOT.jar");
        }
    }

    static final List<ServiceSpec> SERVICES = List.of(
            new ServiceSpec("chat-service", 8081, "chat"),
            new ServiceSpec("file-service", 8082, "files"),
            new ServiceSpec("search-service", 8083, "search"),
            new ServiceSpec("notification-service", 8084, "notifications"),
            new ServiceSpec("escalation-service", 8085, "escalations"),
            // the browser's one origin: the web client, and /api/<name>/** routed to each service above
            new ServiceSpec("web-gateway", 8080, null));

    /**
     * Dev mode's identity provider (not deployed: production signs in against the platform's own): the web client's
     * OIDC sign-in for the demo users, with the local issuer's key, so its tokens are the ones every service accepts.
     */
    static final ServiceSpec IDENTITY = new ServiceSpec("dev-identity", 8090, null);
    /** Every demo user's password at dev mode's identity provider. */
    public static final String DEMO_PASSWORD = "demo";
    /** The web client's registration at that provider. */
    static final String WEB_CLIENT_ID = "project-chat-web";

    /** The name each service has in the gateway's paths ({@code /api/chat/...}). */
    static final Map<String, String> GATEWAY_NAMES = Map.of("chat-service", "chat", "file-service", "files",
            "search-service", "search", "notification-service", "notifications", "escalation-service", "escalations");

    /**
     * @param fixedPorts the dev ports (Kafka 9092, services 8081...) and data kept across runs; else free ports
     * @param forked     servers besides Kafka that run in a JVM of their own (Elasticsearch can)
     */
    public record Options(Path root, Path dataDir, boolean fixedPorts, Set<Server> forked, Duration tokenTtl) {
    }

    private final Options options;
    private final EmbeddedStack stack;
    private final ServerProcess kafka;
    private final ServerProcess elasticsearch;
    private final LocalIssuer issuer;
    private final List<ServiceProcess> services = new ArrayList<>();
    private final ServiceProcess identity;
    private final Map<String, String> tokens;
    private boolean seeded;

    private DevSystem(Options options) throws Exception {
        this.options = options;
        Path data = options.dataDir();
        Files.createDirectories(data);
        Path logs = data.resolve("logs");
        boolean forkElasticsearch = options.forked().contains(Server.ELASTICSEARCH);
        EnumSet<Server> inProcess = EnumSet.of(Server.POSTGRES, Server.S3, Server.SMTP);
        if (!forkElasticsearch) {
            inProcess.add(Server.ELASTICSEARCH);
        }
        this.stack = new EmbeddedStack(data, options.fixedPorts() ? EmbeddedStack.Mode.DEV : EmbeddedStack.Mode.TEST).start(inProcess);
        if (!options.fixedPorts()) {
            EmbeddedStack.deleteRecursively(data.resolve("kafka"));
        }
        this.kafka = ServerProcess.start(Server.KAFKA, data.resolve("kafka"), options.fixedPorts() ? Server.KAFKA.devPort() : 0,
                logs.resolve("kafka.log"), "-Xmx512m", "-XX:+UseSerialGC");
        this.elasticsearch = forkElasticsearch
                ? ServerProcess.start(Server.ELASTICSEARCH, data.resolve("elasticsearch"),
                options.fixedPorts() ? Server.ELASTICSEARCH.devPort() : 0, logs.resolve("elasticsearch.log"), "-Xmx512m")
                : null;
        Map<String, Integer> ports = new LinkedHashMap<>();
        for (ServiceSpec spec : SERVICES) {
            ports.put(spec.name(), options.fixedPorts() ? spec.port() : Ports.free());
        }
        int identityPort = options.fixedPorts() ? IDENTITY.port() : Ports.free();
        this.issuer = LocalIssuer.inFolder(data.resolve("issuer"), "http://localhost:" + identityPort);
        Path publicKey = LocalIssuer.publicKeyFile(data.resolve("issuer"));
        this.identity = ServiceProcess.start(IDENTITY.name(), IDENTITY.jar(options.root()), identityPort,
                identityProperties(data.resolve("issuer"), "http://localhost:" + ports.get("web-gateway") + "/"), logs);
        for (ServiceSpec spec : SERVICES) {
            int port = ports.get(spec.name());
            Map<String, String> properties = properties(spec, port, publicKey);
            if (spec.name().equals("web-gateway")) {
                GATEWAY_NAMES.forEach((service, name) -> properties.put("gateway.services." + name, "http://localhost:" + ports.get(service)));
                properties.put("gateway.sign-in.issuer", issuer.issuer());
                properties.put("gateway.sign-in.client-id", WEB_CLIENT_ID);
            }
            services.add(ServiceProcess.start(spec.name(), spec.jar(options.root()), port, properties, logs));
        }
        for (ServiceProcess service : services) {
            service.awaitReady(Duration.ofSeconds(180));
        }
        identity.awaitReady(Duration.ofSeconds(180));
        this.tokens = DemoProject.tokens(issuer, options.tokenTtl());
        this.seeded = DemoProject.seed(service("chat-service").url(), tokens);
    }

    public static DevSystem start(Options options) throws Exception {
        return new DevSystem(options);
    }

    private Map<String, String> properties(ServiceSpec spec, int port, Path publicKey) {
        Map<String, String> properties = new LinkedHashMap<>();
        if (spec.database() != null) {
            stack.postgres().createDatabase(spec.database());
            properties.put("spring.datasource.url", stack.postgres().jdbcUrl(spec.database()));
            properties.put("spring.datasource.username", "postgres");
            properties.put("spring.datasource.password", "postgres");
        }
        if (!spec.name().equals("web-gateway")) {
            properties.put("spring.kafka.bootstrap-servers", kafka.address());
        }
        properties.put("projectchat.security.public-key", "file:" + publicKey);
        properties.put("projectchat.security.issuer", issuer.issuer());
        properties.put("projectchat.security.audience", issuer.audience());
        if (spec.name().equals("search-service")) {
            properties.put("spring.elasticsearch.uris", elasticsearchUrl());
        }
        if (spec.name().equals("notification-service")) {
            properties.put("spring.mail.host", "127.0.0.1");
            properties.put("spring.mail.port", Integer.toString(stack.smtp().port()));
            properties.put("notifications.links.service-base-url", "http://localhost:" + port);
        }
        if (spec.name().equals("file-service")) {
            properties.put("files.s3-endpoint", stack.s3().endpoint());
            properties.put("files.s3-access-key", EmbeddedS3.ACCESS_KEY);
            properties.put("files.s3-secret-key", EmbeddedS3.SECRET_KEY);
            properties.put("files.upload-dir", options.dataDir().resolve("uploads").toString());
        }
        return properties;
    }

    /** The identity provider's settings: this issuer's keys, the gateway to send browsers back to, the demo users. */
    private Map<String, String> identityProperties(Path keys, String redirectUri) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("identity.issuer", issuer.issuer());
        properties.put("identity.audience", issuer.audience());
        properties.put("identity.private-key", "file:" + LocalIssuer.privateKeyFile(keys));
        properties.put("identity.public-key", "file:" + LocalIssuer.publicKeyFile(keys));
        properties.put("identity.client-id", WEB_CLIENT_ID);
        properties.put("identity.redirect-uris", redirectUri);
        properties.put("identity.password", DEMO_PASSWORD);
        for (DemoProject.DemoUser user : DemoProject.people()) {
            String prefix = "identity.users." + user.handle() + ".";
            properties.put(prefix + "user-id", user.userId());
            properties.put(prefix + "name", user.name());
            properties.put(prefix + "email", DemoProject.email(user));
            properties.put(prefix + "roles", String.join(",", user.tokenRoles()));
        }
        return properties;
    }

    /** Dev mode's identity provider. */
    public ServiceProcess identity() {
        return identity;
    }

    public String elasticsearchUrl() {
        return elasticsearch != null ? elasticsearch.address() : stack.elasticsearch().httpUrl();
    }

    public ServiceProcess service(String name) {
        return services.stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no service " + name));
    }

    public List<ServiceProcess> services() {
        return List.copyOf(services);
    }

    public ServerProcess kafka() {
        return kafka;
    }

    /** Elasticsearch's own process, when it was asked to run in one. */
    public ServerProcess elasticsearch() {
        if (elasticsearch == null) {
            throw new IllegalStateException("Elasticsearch runs in this JVM; ask for it in Options.forked");
        }
        return elasticsearch;
    }

    public EmbeddedStack stack() {
        return stack;
    }

    public LocalIssuer issuer() {
        return issuer;
    }

    /** A bearer token per demo user (expert, expert2, client, ops, account-manager, platform). */
    public Map<String, String> tokens() {
        return tokens;
    }

    /** Whether this start created the demo project (false when it was there already). */
    public boolean seeded() {
        return seeded;
    }

    /** Addresses of the servers, for the welcome text. */
    public Map<String, String> addresses() {
        Map<String, String> addresses = new LinkedHashMap<>();
        addresses.put("kafka", kafka.address());
        stack.addresses().forEach((server, address) -> addresses.put(server.name().toLowerCase(), address));
        if (elasticsearch != null) {
            addresses.put("elasticsearch", elasticsearch.address());
        }
        return addresses;
    }

    /**
     * Stops the services side by side, not one after another: each may take its graceful shutdown's whole time (the
     * gateway waits for the event streams it proxies until the 20-s limit of {@link ServiceProcess#close}), and in
     * turn they added up to more than a test JVM is given to exit (Surefire halts it after 30 s, which left the last
     * services running).
     */
    private static void closeAtOnce(List<ServiceProcess> services) {
        List<Thread> stopping = services.stream()
                .map(service -> Thread.ofPlatform().name("stop-" + service.name()).start(service::close)).toList();
        for (Thread thread : stopping) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public void close() {
        identity.stopSupervising();
        services.forEach(ServiceProcess::stopSupervising);
        closeAtOnce(services);
        identity.close();
        if (elasticsearch != null) {
            elasticsearch.close();
        }
        kafka.close();
        stack.close();
    }
}
