package org.projectchat.dev;

import org.projectchat.embedded.EmbeddedS3;
import org.projectchat.embedded.EmbeddedStack;
import org.projectchat.embedded.Server;
import org.projectchat.embedded.identity.LocalIssuer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * Dev mode: starts real Kafka, PostgreSQL, Elasticsearch, S3 and SMTP on fixed local ports with
 * their data in one folder, then every service as its own process from its production jar, seeds
 * a demo project and prints URLs and bearer tokens. Ctrl-C stops everything.
 *
 * <pre>
 *   --data-dir=DIR   where everything is kept (default .data)
 *   --wipe           delete the data folder first
 *   --token-ttl=12h  lifetime of the printed tokens
 * </pre>
 */
public final class DevLauncher {

    /** The services built so far, with their ports and PostgreSQL database (if any): each added here when its issue is taken. */
    record ServiceSpec(String name, int port, String database) {
        Path jar(Path root) {
            return root.resolve(name).resolve("target").resolve(name + "-0.1.0-SNAPSHOT.jar");
        }
    }

    static final List<ServiceSpec> SERVICES = List.of(
            new ServiceSpec("chat-service", 8081, "chat"),
            new ServiceSpec("file-service", 8082, "files"),
            new ServiceSpec("search-service", 8083, "search"));

    public static void main(String[] args) throws Exception {
        Map<String, String> options = parse(args);
        Path root = Path.of(options.getOrDefault("root", ".")).toAbsolutePath().normalize();
        Path data = root.resolve(options.getOrDefault("data-dir", ".data")).normalize();
        Duration ttl = Duration.parse("PT" + options.getOrDefault("token-ttl", "12h").toUpperCase());
        if (options.containsKey("wipe")) {
            System.out.println("Wiping " + data);
            EmbeddedStack.deleteRecursively(data);
        }
        Files.createDirectories(data);

        long started = System.nanoTime();
        System.out.println("Starting Kafka, PostgreSQL, Elasticsearch, S3 and SMTP (data in " + data + ") ...");
        EmbeddedStack stack = new EmbeddedStack(data, EmbeddedStack.Mode.DEV)
                .start(EnumSet.allOf(Server.class));
        List<ServiceProcess> services = new ArrayList<>();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("\nStopping services and servers ...");
            services.reversed().forEach(ServiceProcess::close);
            stack.close();
            stopped.countDown();
            System.out.println("Stopped.");
        }, "dev-launcher-stop"));

        LocalIssuer issuer = LocalIssuer.inFolder(data.resolve("issuer"));
        Path publicKey = data.resolve("issuer").resolve("issuer-public.pem");
        for (ServiceSpec spec : SERVICES) {
            Map<String, String> properties = new LinkedHashMap<>();
            if (spec.database() != null) {
                stack.postgres().createDatabase(spec.database());
                properties.put("spring.datasource.url", stack.postgres().jdbcUrl(spec.database()));
                properties.put("spring.datasource.username", "postgres");
                properties.put("spring.datasource.password", "postgres");
            }
            properties.put("spring.kafka.bootstrap-servers", stack.kafka().bootstrapServers());
            properties.put("projectchat.security.public-key", "file:" + publicKey);
            properties.put("projectchat.security.issuer", issuer.issuer());
            properties.put("projectchat.security.audience", issuer.audience());
            if (spec.name().equals("search-service")) {
                properties.put("spring.elasticsearch.uris", stack.elasticsearch().httpUrl());
            }
            if (spec.name().equals("file-service")) {
                properties.put("files.s3-endpoint", stack.s3().endpoint());
                properties.put("files.s3-access-key", EmbeddedS3.ACCESS_KEY);
                properties.put("files.s3-secret-key", EmbeddedS3.SECRET_KEY);
                properties.put("files.upload-dir", data.resolve("uploads").toString());
            }
            System.out.println("Starting " + spec.name() + " on port " + spec.port() + " ...");
            services.add(ServiceProcess.start(spec.name(), spec.jar(root), spec.port(), properties, data.resolve("logs")));
        }
        for (ServiceProcess service : services) {
            service.awaitReady(Duration.ofSeconds(180));
        }

        Map<String, String> tokens = DemoProject.tokens(issuer, ttl);
        boolean seeded = DemoProject.seed(services.getFirst().url(), tokens);
        printWelcome(stack, services, tokens, seeded, ttl, (System.nanoTime() - started) / 1_000_000);
        stopped.await();
    }

    private static void printWelcome(EmbeddedStack stack, List<ServiceProcess> services, Map<String, String> tokens,
                                     boolean seeded, Duration ttl, long millis) {
        StringBuilder out = new StringBuilder("\n================ Project Chat is running (" + millis + " ms) ================\n\n");
        out.append("Services\n");
        for (ServiceProcess s : services) {
            out.append(String.format("  %-16s %s   (OpenAPI %s/v3/api-docs, health %s/actuator/health, log %s)%n",
                    s.name(), s.url(), s.url(), s.url(), s.log()));
        }
        out.append("\nServers\n");
        stack.addresses().forEach((server, address) -> out.append(String.format("  %-16s %s%n", server.name().toLowerCase(), address)));
        out.append("\nDemo project: ").append(DemoProject.PROJECT_ID).append(seeded ? " (created now)" : " (already there)").append('\n');
        out.append("\nBearer tokens (valid ").append(ttl.toHours()).append(" h)\n");
        tokens.forEach((user, token) -> out.append(String.format("  %-16s %s%n", user, token)));
        String chat = services.getFirst().url();
        out.append("\nTry it\n");
        out.append("  export TOKEN=").append(tokens.get("expert")).append('\n');
        out.append("  curl -s -H \"Authorization: Bearer $TOKEN\" ").append(chat).append("/projects/demo-project/messages\n");
        out.append("  curl -s -H \"Authorization: Bearer $TOKEN\" -H 'Content-Type: application/json' -d '{\"body\":\"Hello @clara\"}' ")
                .append(chat).append("/projects/demo-project/messages\n");
        out.append("  curl -N -H \"Authorization: Bearer $TOKEN\" ").append(chat).append("/projects/demo-project/stream\n");
        if (services.size() > 2) {
            out.append("  curl -s -H \"Authorization: Bearer $TOKEN\" -F file=@README.md ").append(services.get(1).url())
                    .append("/projects/demo-project/files\n");
            out.append("  curl -s -H \"Authorization: Bearer $TOKEN\" '").append(services.get(2).url())
                    .append("/search?q=ingestion%20kind:update'\n");
        }
        out.append("\nCtrl-C stops everything; data stays in ").append(stack.dataDir()).append(" (--wipe starts afresh).\n");
        System.out.println(out);
    }

    static Map<String, String> parse(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (String arg : args) {
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("unknown argument " + arg + " (options: --data-dir=DIR --wipe --token-ttl=12h)");
            }
            int eq = arg.indexOf('=');
            options.put(eq < 0 ? arg.substring(2) : arg.substring(2, eq), eq < 0 ? "" : arg.substring(eq + 1));
        }
        return options;
    }
}
