package org.projectchat.dev;

import org.projectchat.embedded.EmbeddedStack;
import org.projectchat.embedded.Server;

import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashMap;
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

    public static void main(String[] args) throws Exception {
        Map<String, String> options = parse(args);
        Path root = Path.of(options.getOrDefault("root", ".")).toAbsolutePath().normalize();
        Path data = root.resolve(options.getOrDefault("data-dir", ".data")).normalize();
        Duration ttl = Duration.parse("PT" + options.getOrDefault("token-ttl", "12h").toUpperCase());
        if (options.containsKey("wipe")) {
            System.out.println("Wiping " + data);
            EmbeddedStack.deleteRecursively(data);
        }
        long started = System.nanoTime();
        System.out.println("Starting Kafka (its own JVM), PostgreSQL, Elasticsearch, S3, SMTP and every service (data in "
                + data + ") ...");
        DevSystem system = DevSystem.start(new DevSystem.Options(root, data, true, EnumSet.noneOf(Server.class), ttl));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("\nStopping services and servers ...");
            system.close();
            stopped.countDown();
            System.out.println("Stopped.");
        }, "dev-launcher-stop"));
        printWelcome(system, ttl, (System.nanoTime() - started) / 1_000_000);
        stopped.await();
    }

    private static void printWelcome(DevSystem system, Duration ttl, long millis) {
        StringBuilder out = new StringBuilder("\n================ Project Chat is running (" + millis + " ms) ================\n\n");
        out.append("Services (each restarted if it dies)\n");
        for (ServiceProcess s : system.services()) {
            out.append(String.format("  %-16s %s   (OpenAPI %s/v3/api-docs, health %s/actuator/health, log %s)%n",
                    s.name(), s.url(), s.url(), s.url(), s.log()));
        }
        out.append("\nServers\n");
        system.addresses().forEach((server, address) -> out.append(String.format("  %-16s %s%n", server, address)));
        out.append("\nDemo project: ").append(DemoProject.PROJECT_ID).append(system.seeded() ? " (created now)" : " (already there)")
                .append('\n');
        out.append("\nBearer tokens (valid ").append(ttl.toHours()).append(" h): each demo user's; 'platform' is the marketplace\n")
                .append("back end's (a service account: it opens project chats and manages participants)\n");
        system.tokens().forEach((user, token) -> out.append(String.format("  %-16s %s%n", user, token)));
        String chat = system.service("chat-service").url();
        out.append("\nTry it\n");
        out.append("  export TOKEN=").append(system.tokens().get("expert")).append('\n');
        out.append("  export OPS=").append(system.tokens().get("ops")).append('\n');
        out.append("  curl -s -H \"Authorization: Bearer $TOKEN\" ").append(chat).append("/projects/demo-project/messages\n");
        out.append("  curl -s -H \"Authorization: Bearer $TOKEN\" -H 'Content-Type: application/json' -d '{\"body\":\"Hello @clara\"}' ")
                .append(chat).append("/projects/demo-project/messages\n");
        out.append("  curl -N -H \"Authorization: Bearer $TOKEN\" ").append(chat).append("/projects/demo-project/stream\n");
        out.append("  curl -s -H \"Authorization: Bearer $TOKEN\" -F file=@README.md ").append(system.service("file-service").url())
                .append("/projects/demo-project/files\n");
        out.append("  curl -s -H \"Authorization: Bearer $TOKEN\" '").append(system.service("search-service").url())
                .append("/search?q=ingestion%20kind:update'\n");
        out.append("  curl -s -H \"Authorization: Bearer $TOKEN\" ").append(system.service("notification-service").url())
                .append("/notifications\n");
        String escalations = system.service("escalation-service").url();
        out.append("  curl -s -H \"Authorization: Bearer $OPS\" ").append(escalations).append("/cases\n");
        String web = system.service("web-gateway").url();
        out.append("\nThe chat in a browser: each link signs in one demo user (open them in different browsers or private windows)\n");
        system.tokens().forEach((user, token) -> {
            if (!user.equals("platform")) {
                out.append(String.format("  %-16s %s/#token=%s%n", user, web, token));
            }
        });
        out.append("\nOr sign in as a person does, at ").append(web).append(" with 'Sign in with your account' (OpenID Connect, code flow\n")
                .append("with PKCE, against dev mode's identity provider at ").append(system.identity().url())
                .append("): user ")
                .append(String.join(", ", DemoProject.people().stream().map(DemoProject.DemoUser::handle).toList()))
                .append(", password ").append(DevSystem.DEMO_PASSWORD).append('\n');
        out.append("\nOps dashboard (escalation cases, deadlines, figures; signed in as ops by this link)\n  ")
                .append(escalations).append("/dashboard/#token=").append(system.tokens().get("ops")).append('\n');
        out.append("\nEmail is captured, not sent: read it over IMAP at localhost:").append(system.stack().smtp().imapPort())
                .append(" (a mailbox per recipient: login and password are the address, e.g. clara@demo.projectchat.local).\n");
        out.append("\nCtrl-C stops everything; data stays in ").append(system.stack().dataDir()).append(" (--wipe starts afresh).\n");
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
