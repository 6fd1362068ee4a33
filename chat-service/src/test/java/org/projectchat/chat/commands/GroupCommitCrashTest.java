package org.projectchat.chat.commands;

import org.junit.jupiter.api.Test;
import org.projectchat.chat.ChatClient;
import org.projectchat.chat.ChatServiceApplication;
import org.projectchat.embedded.EmbeddedServers;
import org.projectchat.embedded.EmbeddedStack;
import org.projectchat.embedded.Ports;
import org.projectchat.embedded.Server;
import org.projectchat.embedded.identity.LocalIssuer;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.projectchat.chat.ChatClient.EXPERT;

/**
 * chat-service as its own process, killed with {@code kill -9} while clients post to a few projects and batches of
 * posts (several projects in one transaction) are being decided and committed: every post it acknowledged is in the
 * event store, once; after a restart the clients retry what was not acknowledged (same client message ids) and every
 * post exists exactly once, in gap-free streams.
 */
@EmbeddedServers({Server.KAFKA, Server.POSTGRES})
class GroupCommitCrashTest {

    static final LocalIssuer ISSUER = LocalIssuer.ephemeral();
    static final int WRITERS = 8;
    static final int PROJECTS = 3;

    /** chat-service in a JVM of its own, on this test's classpath, with consumer groups and relay id of its own. */
    static Process start(EmbeddedStack stack, int port, Path log) throws Exception {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"), "-Xmx512m",
                "-XX:TieredStopAtLevel=1", // starts sooner; this test is about what survives, not speed
                "-cp", System.getProperty("java.class.path"), ChatServiceApplication.class.getName(),
                "--server.port=" + port,
                "--spring.datasource.url=" + stack.postgres().jdbcUrl("chat_crash"),
                "--spring.datasource.username=postgres", "--spring.datasource.password=postgres",
                "--spring.kafka.bootstrap-servers=" + stack.kafka().bootstrapServers(),
                "--projectchat.security.public-key=" + ISSUER.publicKeyLocation(),
                "--chat.message-store.group-id=crash-message-store", "--chat.project-files.group-id=crash-project-files",
                "--chat.outbox.transactional-id=crash-outbox-relay", "--logging.level.root=WARN"));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        HttpClient http = HttpClient.newHttpClient();
        await("chat-service ready").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(() -> {
            assertThat(process.isAlive()).as("chat-service is running (see " + log + ")").isTrue();
            try {
                return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/health/readiness")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
            } catch (java.io.IOException notYet) {
                return false;
            }
        });
        return process;
    }

    @Test
    void killedInTheMiddleOfGroupCommitsItLosesNoAcknowledgedPostAndAcknowledgesNothingUncommitted(EmbeddedStack stack)
            throws Exception {
        stack.postgres().createDatabase("chat_crash");
        Path log = Files.createDirectories(Path.of("target")).resolve("group-commit-crash.log");
        int port = Ports.free();
        Process service = start(stack, port, log);
        ChatClient chat = new ChatClient("http://localhost:" + port, ISSUER);
        List<String> projects = new ArrayList<>();
        try {
            for (int p = 0; p < PROJECTS; p++) {
                projects.add(chat.openProject());
            }
        } catch (RuntimeException | AssertionError notOpened) {
            service.toHandle().destroyForcibly(); // no orphan left serving on the port
            throw notOpened;
        }

        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        Map<String, String> attempted = new ConcurrentHashMap<>(); // client message id -> its project
        AtomicBoolean posting = new AtomicBoolean(true);
        try (var writers = Executors.newFixedThreadPool(WRITERS)) {
            for (int w = 0; w < WRITERS; w++) {
                int writer = w;
                String project = projects.get(w % PROJECTS);
                writers.submit(() -> {
                    for (int n = 0; posting.get(); n++) {
                        String id = "c-" + writer + "-" + n;
                        attempted.put(id, project);
                        try {
                            if (chat.post(EXPERT, "/projects/" + project + "/messages",
                                    Map.of("body", "post " + id, "clientMessageId", id)).status() == 201) {
                                acknowledged.add(id);
                            }
                        } catch (RuntimeException connectionLost) {
                            return;
                        }
                    }
                });
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> acknowledged.size() >= 200);
            service.toHandle().destroyForcibly(); // SIGKILL: no shutdown hook, no graceful anything
            assertThat(service.waitFor(20, TimeUnit.SECONDS)).isTrue();
            posting.set(false);
        }
        assertThat(attempted.size()).as("posts in flight when it was killed").isGreaterThan(acknowledged.size());

        JdbcTemplate jdbc = new JdbcTemplate(new DriverManagerDataSource(stack.postgres().jdbcUrl("chat_crash"), "postgres", "postgres"));
        // the premise: its transactions carried posts of several projects, as the batches the kill cut most likely did
        // (the rows of one transaction share its xmin, which is grouped by its text: xid cannot be grouped directly)
        assertThat(jdbc.queryForObject("""
                select count(*) from (select xmin::text from events where type = 'MessagePosted'
                                      group by xmin::text having count(distinct stream_id) > 1) mixed""", Long.class))
                .as("committed transactions holding posts of more than one project").isPositive();
        // every acknowledged post was committed, once
        Map<Post, Long> committed = posts(jdbc);
        for (String id : acknowledged) {
            assertThat(committed.getOrDefault(new Post(attempted.get(id), id), 0L)).as("acknowledged post " + id)
                    .isEqualTo(1);
        }

        service = start(stack, port, log);
        try {
            Map<String, Integer> retried = new ConcurrentHashMap<>();
            try (var retries = Executors.newFixedThreadPool(WRITERS)) {
                attempted.forEach((id, project) -> retries.submit(() -> retried.put(id, chat.post(EXPERT,
                        "/projects/" + project + "/messages", Map.of("body", "post " + id, "clientMessageId", id)).status())));
            }
            for (String id : attempted.keySet()) {
                if (acknowledged.contains(id)) {
                    assertThat(retried.get(id)).as("retry of acknowledged " + id + ": the first post, not a new one").isEqualTo(200);
                } else {
                    assertThat(retried.get(id)).as("retry of " + id + ", which the crash cut off").isIn(200, 201);
                }
            }
            Map<Post, Long> stored = posts(jdbc);
            attempted.forEach((id, project) ->
                    assertThat(stored.getOrDefault(new Post(project, id), 0L)).as("post " + id).isEqualTo(1));
            for (String project : projects) {
                List<Long> versions = jdbc.queryForList(
                        "select stream_version from events where stream_id = ? order by stream_version", Long.class, project);
                long posted = attempted.values().stream().filter(project::equals).count();
                assertThat(versions).as(project).hasSize((int) posted + 1); // the posts and the opening
                assertThat(versions).containsExactlyElementsOf(LongStream.rangeClosed(1, versions.size()).boxed().toList());
            }
        } finally {
            service.toHandle().destroyForcibly();
            service.waitFor(20, TimeUnit.SECONDS);
        }
    }

    /** A post by its project and client message id. */
    record Post(String project, String clientMessageId) {
    }

    /**
     * How many MessagePosted events each post has, in one read of the stored events (a query per post read and parsed
     * every envelope of its stream again: about 10 s of this test's 35 for some 430 posts).
     */
    static Map<Post, Long> posts(JdbcTemplate jdbc) {
        Map<Post, Long> posts = new HashMap<>();
        jdbc.query("""
                select stream_id, convert_from(envelope, 'UTF8')::jsonb -> 'payload' ->> 'clientMessageId', count(*)
                from events where type = 'MessagePosted' group by 1, 2""",
                (RowCallbackHandler) rs -> posts.put(new Post(rs.getString(1), rs.getString(2)), rs.getLong(3)));
        return posts;
    }
}
