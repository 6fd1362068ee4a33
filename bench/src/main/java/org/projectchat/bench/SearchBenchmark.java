package org.projectchat.bench;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import co.elastic.clients.elasticsearch.indices.IndexState;
import co.elastic.clients.json.jackson.Jackson3JsonpMapper;
import co.elastic.clients.transport.rest5_client.Rest5ClientTransport;
import co.elastic.clients.transport.rest5_client.low_level.Rest5Client;
import org.HdrHistogram.Histogram;
import org.apache.hc.core5.http.HttpHost;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.projectchat.contract.Topic;
import org.projectchat.contract.Actor;
import org.projectchat.contract.ChatEvent;
import org.projectchat.contract.EventEnvelope;
import org.projectchat.contract.EventEnvelopeSerializer;
import org.projectchat.contract.EventIds;
import org.projectchat.contract.MessageKind;
import org.projectchat.contract.ParticipantRole;
import org.projectchat.contract.Visibility;
import org.projectchat.dev.ServiceProcess;
import org.projectchat.embedded.EmbeddedElasticsearch;
import org.projectchat.embedded.EmbeddedKafka;
import org.projectchat.embedded.EmbeddedPostgresServer;
import org.projectchat.embedded.EmbeddedStack;
import org.projectchat.embedded.Ports;
import org.projectchat.embedded.identity.LocalIssuer;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.LongSupplier;

/**
 * search-service: indexing throughput from the topic beside the raw bulk-API rate of the same
 * documents into an index with the same settings and mapping, in the same run; then query
 * latency with permission filters at 100k and 1M messages, with heap and RSS.
 * Usage: {@code ./bench.sh search [--messages=1000000]}.
 */
public final class SearchBenchmark {

    static final int PROJECTS = 2_000;
    static final int USERS = 500;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    public static void main(String[] args) throws Exception {
        int target = Integer.parseInt(ChatBenchmark.arg(args, "messages", "1000000"));
        Path root = Path.of(ChatBenchmark.arg(args, "root", ".")).toAbsolutePath().normalize();
        Path dir = root.resolve("bench/target/search-bench-data");
        EmbeddedStack.deleteRecursively(dir);
        Files.createDirectories(dir);
        System.out.printf("search-service benchmark — %d cores, %s, up to %,d messages in %,d projects, %d users%n%n",
                Runtime.getRuntime().availableProcessors(), Runtime.version(), target, PROJECTS, USERS);
        Random random = new Random(42);
        List<String> vocabulary = vocabulary(random, 5_000);
        Map<Integer, List<Integer>> members = new HashMap<>();
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"), 0);
             EmbeddedElasticsearch es = EmbeddedElasticsearch.start(dir.resolve("es"), 0, List.of());
             EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(dir.resolve("postgres"), 0, true)) {
            postgres.createDatabase("search"); // the rosters and the indexer's positions
            LocalIssuer issuer = LocalIssuer.inFolder(dir.resolve("issuer"));
            ServiceProcess search = ServiceProcess.start("search-service",
                    root.resolve("search-service/target/search-service-0.1.0-SNAPSHOT.jar"), Ports.free(),
                    ChatBenchmark.withSettings(args, Map.of("spring.elasticsearch.uris", es.httpUrl(), "spring.kafka.bootstrap-servers", kafka.bootstrapServers(),
                            "spring.datasource.url", postgres.jdbcUrl("search"),
                            "projectchat.security.public-key", "file:" + dir.resolve("issuer/issuer-public.pem"),
                            "logging.level.root", "WARN")),
                    dir.resolve("logs"), ChatBenchmark.jvmOptions(args, dir), false);
            try (Rest5Client rest = Rest5Client.builder(HttpHost.create(es.httpUrl())).build();
                 var transport = new Rest5ClientTransport(rest, new Jackson3JsonpMapper())) {
                search.awaitReady(Duration.ofSeconds(120));
                ElasticsearchClient client = new ElasticsearchClient(transport);
                Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
                var producer = new KafkaProducer<String, EventEnvelope<?>>(Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(), ProducerConfig.LINGER_MS_CONFIG, 10,
                        ProducerConfig.BATCH_SIZE_CONFIG, 262_144, ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4"),
                        new StringSerializer(), new EventEnvelopeSerializer());
                long[] versions = new long[PROJECTS];
                for (int p = 0; p < PROJECTS; p++) {
                    List<ChatEvent.Participant> participants = new ArrayList<>();
                    List<Integer> users = new ArrayList<>();
                    for (int k = 0; k < 5; k++) {
                        int u = random.nextInt(USERS);
                        if (!users.contains(u)) {
                            users.add(u);
                            participants.add(new ChatEvent.Participant("u" + u, "User " + u, "user" + u, null,
                                    k == 0 ? ParticipantRole.CLIENT : k == 4 ? ParticipantRole.PLATFORM_OPS : ParticipantRole.EXPERT, "UTC"));
                        }
                    }
                    members.put(p, users);
                    producer.send(new ProducerRecord<>(Topic.CHAT_EVENTS.name(), "p" + p, EventEnvelope.of("p" + p, ++versions[p],
                            Instant.now(), new Actor("svc", "svc", "PLATFORM_SERVICE"), null, null, null,
                            new ChatEvent.ProjectChatOpened("p" + p, "Project " + p, participants))));
                }
                // warm-up, not measured: messages posted and deleted again through the service until its JIT has settled
                // (the index is left without live messages, only the tombstones of the deleted ones), and the first
                // 20,000 of them through the raw bulk API twice, so that both paths run compiled code when measured
                String ops = issuer.mint("bench-ops", "Bench", null, List.of("PLATFORM_OPS"), Duration.ofHours(4));
                List<RawMessage> warmDocs = new ArrayList<>();
                LongSupplier searchCompiled = JitWarmUp.service(search.url());
                String warm = JitWarmUp.until(searchCompiled, window -> {
                    long end = System.nanoTime() + window.toNanos();
                    while (System.nanoTime() < end) {
                        List<RawMessage> docs = new ArrayList<>();
                        publish(producer, random, vocabulary, members, versions, 10_000, docs);
                        for (RawMessage doc : docs) {
                            producer.send(new ProducerRecord<>(Topic.CHAT_EVENTS.name(), doc.projectId(), EventEnvelope.of(doc.projectId(),
                                    ++versions[doc.project()], Instant.now(), new Actor("svc", "svc", "PLATFORM_OPS"), null, null, null,
                                    new ChatEvent.MessageDeleted(doc.messageId()))));
                        }
                        producer.flush();
                        awaitConsumed(admin);
                        if (warmDocs.size() < 20_000) {
                            warmDocs.addAll(docs);
                        }
                    }
                }, Duration.ofSeconds(120));
                System.out.println("Warm-up (posts deleted again) until search-service's JIT settled: " + warm);
                rawBulk(client, warmDocs);
                rawBulk(client, warmDocs);
                int indexed = 0;
                for (int step : new int[]{100_000, target}) {
                    if (step > target || step <= indexed) {
                        continue;
                    }
                    int count = step - indexed;
                    List<RawMessage> rawDocs = new ArrayList<>();
                    // the backlog is published while indexing is paused, so the measurement is the indexer's alone
                    admin(search.url(), ops, "pause");
                    publish(producer, random, vocabulary, members, versions, count, rawDocs);
                    producer.flush();
                    long compiledBefore = searchCompiled.getAsLong();
                    long start = System.nanoTime();
                    admin(search.url(), ops, "resume");
                    awaitConsumed(admin);
                    client.indices().refresh(r -> r.index("chat-messages"));
                    long elapsed = System.nanoTime() - start;
                    double compiling = JitWarmUp.share(searchCompiled.getAsLong() - compiledBefore, elapsed / 1_000_000);
                    if (count(client, "chat-messages") < step) {
                        throw new IllegalStateException("the index holds fewer messages than were consumed");
                    }
                    double indexRate = count / (elapsed / 1e9);
                    indexed = step;
                    awaitMergesSettled(client);
                    double rawRate = rawBulk(client, rawDocs);
                    System.out.printf("Indexing a backlog of %,d messages from the topic (%,d to %,d in the index): %,.0f events/s (consume + index + refresh; search-service JIT compiling %.0f %% of the time)%n",
                            count, step - count, step, indexRate, 100 * compiling);
                    System.out.printf("   raw bulk API, same mapping, %,d of the same documents (best of 1 and 3 senders): %,.0f docs/s -> %.0f %% of raw%n",
                            rawDocs.size(), rawRate, 100 * indexRate / rawRate);
                    queryLatency(search.url(), issuer, vocabulary, random, step);
                    System.out.printf("   memory: benchmark JVM (Kafka + Elasticsearch node) heap used %,d MB, RSS %,d MB; search-service RSS %,d MB%n%n",
                            (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) >> 20, rssMb(ProcessHandle.current().pid()),
                            rssMb(search.pid()));
                }
                producer.close();
                admin.close();
            } finally {
                search.close();
            }
        }
    }

    /** A published message, compactly: the raw baseline builds the same document from it. */
    record RawMessage(int project, String messageId, long position, String body, String authorId, Visibility visibility) {
        String projectId() {
            return "p" + project;
        }

        Map<String, Object> document() {
            Map<String, Object> doc = new HashMap<>();
            doc.put("messageId", messageId);
            doc.put("projectId", projectId());
            doc.put("position", position);
            doc.put("body", body);
            doc.put("code", "");
            doc.put("attachmentIds", List.of());
            doc.put("attachmentNames", List.of());
            doc.put("authorId", authorId);
            doc.put("authorName", "User " + authorId.substring(1));
            doc.put("authorHandle", "user" + authorId.substring(1));
            doc.put("authorRole", "EXPERT");
            doc.put("kind", "GENERAL");
            doc.put("visibility", visibility.name());
            doc.put("hasFile", false);
            doc.put("hasCode", false);
            doc.put("postedAt", Instant.now().toString());
            doc.put("revision", 1);
            return doc;
        }
    }

    /** Publishes count messages in random projects; keeps each as a raw message when raw is given. */
    static void publish(KafkaProducer<String, EventEnvelope<?>> producer, Random random, List<String> vocabulary,
                        Map<Integer, List<Integer>> members, long[] versions, int count, List<RawMessage> raw) {
        for (int i = 0; i < count; i++) {
            int p = random.nextInt(PROJECTS);
            List<Integer> users = members.get(p);
            int author = users.get(random.nextInt(users.size()));
            String body = sentence(random, vocabulary, 12);
            Visibility visibility = i % 10 == 0 ? Visibility.INTERNAL : i % 7 == 0 ? Visibility.CLIENT_INTERNAL : Visibility.EVERYONE;
            String id = EventIds.next().toString();
            long version = ++versions[p];
            producer.send(new ProducerRecord<>(Topic.CHAT_EVENTS.name(), "p" + p, EventEnvelope.of("p" + p, version, Instant.now(),
                    new Actor("u" + author, "User " + author, "EXPERT"), null, null, null,
                    new ChatEvent.MessagePosted(id, version, null, body, MessageKind.GENERAL, visibility, List.of(), List.of(), null))));
            if (raw != null) {
                raw.add(new RawMessage(p, id, version, body, "u" + author, visibility));
            }
        }
    }

    static void admin(String url, String token, String action) throws Exception {
        var response = HTTP.send(HttpRequest.newBuilder(URI.create(url + "/admin/search/indexing/" + action))
                .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(action + " failed: " + response.statusCode() + " " + response.body());
        }
        while (action.equals("pause") && !HTTP.send(HttpRequest.newBuilder(URI.create(url + "/admin/search/indexing"))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString()).body().contains("\"paused\":true")) {
            Thread.sleep(50);
        }
    }

    /** The raw baseline runs once the merges left by the indexing are done, so it does not compete with them. */
    static void awaitMergesSettled(ElasticsearchClient client) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (System.nanoTime() < deadline) {
            var merges = client.indices().stats(s -> s.index("chat-messages").metric("merge")).all().total().merges();
            if (merges == null || merges.current() == 0) {
                return;
            }
            Thread.sleep(500);
        }
    }

    /**
     * Waits until the indexer has committed every offset of chat.events.v1: it commits a batch only
     * after Elasticsearch accepted its bulk request. Polling offsets rather than refreshing the index
     * keeps the benchmark from adding refreshes (and segments) the raw baseline does not pay for.
     */
    static void awaitConsumed(Admin admin) throws Exception {
        ConsumerLag.awaitCaughtUp(admin, Topic.CHAT_EVENTS.name(), "search-indexer", Duration.ofMinutes(30));
    }

    static void queryLatency(String url, LocalIssuer issuer, List<String> vocabulary, Random random, int size) throws Exception {
        Histogram participant = new Histogram(60_000_000_000L, 3);
        Histogram ops = new Histogram(60_000_000_000L, 3);
        for (int i = 0; i < 1_400; i++) {
            boolean staff = i % 6 == 0;
            String token = issuer.mint("u" + random.nextInt(USERS), "U", null, staff ? List.of("PLATFORM_OPS") : List.of("USER"),
                    Duration.ofMinutes(5));
            String q = vocabulary.get(random.nextInt(200)) + (i % 3 == 0 ? " " + vocabulary.get(random.nextInt(vocabulary.size())) : "");
            long t0 = System.nanoTime();
            var response = HTTP.send(HttpRequest.newBuilder(URI.create(url + "/search?q=" + URLEncoder.encode(q, StandardCharsets.UTF_8)))
                    .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.discarding());
            long t = System.nanoTime() - t0;
            if (i >= 200) { // the first two hundred warm caches up
                (staff ? ops : participant).recordValue(t);
            }
            if (response.statusCode() != 200) {
                throw new IllegalStateException("search failed: " + response.statusCode());
            }
        }
        System.out.printf("   queries at %,d messages (over HTTP, permission-filtered, highlights): participants p50 %.1f ms p99 %.1f ms; ops p50 %.1f ms p99 %.1f ms%n",
                size, participant.getValueAtPercentile(50) / 1e6, participant.getValueAtPercentile(99) / 1e6,
                ops.getValueAtPercentile(50) / 1e6, ops.getValueAtPercentile(99) / 1e6);
    }

    /**
     * The raw baseline: the same documents (all of the step's, so that both grow an index by as much)
     * through the bulk API in 1,000-document requests, from one sender and from as many concurrent
     * senders as the indexer has consumer threads (3); the better rate counts, so the baseline is not
     * held back by a single sender's round trips.
     */
    static double rawBulk(ElasticsearchClient client, List<RawMessage> docs) throws Exception {
        double best = 0;
        for (int senders : new int[]{1, 3}) {
            best = Math.max(best, rawBulk(client, docs, senders));
        }
        return best;
    }

    static double rawBulk(ElasticsearchClient client, List<RawMessage> docs, int senders) throws Exception {
        String live = client.indices().getAlias(a -> a.name("chat-messages")).aliases().keySet().iterator().next();
        IndexState state = client.indices().get(g -> g.index(live)).get(live);
        client.indices().delete(d -> d.index("raw-bench").ignoreUnavailable(true));
        client.indices().create(c -> c.index("raw-bench").mappings(state.mappings())
                .settings(s -> s.numberOfShards("1").numberOfReplicas("0").analysis(state.settings().index().analysis())));
        java.util.concurrent.atomic.AtomicInteger nextBatch = new java.util.concurrent.atomic.AtomicInteger();
        long start = System.nanoTime();
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(senders)) {
            List<java.util.concurrent.Future<?>> running = new ArrayList<>();
            for (int t = 0; t < senders; t++) {
                running.add(pool.submit(() -> {
                    for (int from = nextBatch.getAndIncrement() * 1000; from < docs.size(); from = nextBatch.getAndIncrement() * 1000) {
                        BulkRequest.Builder bulk = new BulkRequest.Builder();
                        for (RawMessage message : docs.subList(from, Math.min(docs.size(), from + 1000))) {
                            Map<String, Object> doc = message.document();
                            bulk.operations(o -> o.index(i -> i.index("raw-bench").id(message.messageId()).document(doc)));
                        }
                        client.bulk(bulk.build());
                    }
                    return null;
                }));
            }
            for (var r : running) {
                r.get();
            }
        }
        client.indices().refresh(r -> r.index("raw-bench"));
        double rate = docs.size() / ((System.nanoTime() - start) / 1e9);
        client.indices().delete(d -> d.index("raw-bench"));
        return rate;
    }


    static long count(ElasticsearchClient client, String index) throws Exception {
        client.indices().refresh(r -> r.index(index));
        return client.count(c -> c.index(index)).count();
    }

    static long rssMb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (Exception e) {
            return -1;
        }
        return -1;
    }

    static List<String> vocabulary(Random random, int size) {
        String letters = "abcdefghijklmnopqrstuvwxyz";
        List<String> words = new ArrayList<>();
        while (words.size() < size) {
            int length = 4 + random.nextInt(6);
            StringBuilder w = new StringBuilder();
            for (int i = 0; i < length; i++) {
                w.append(letters.charAt(random.nextInt(letters.length())));
            }
            words.add(w.toString());
        }
        return words;
    }

    static String sentence(Random random, List<String> vocabulary, int words) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < words; i++) {
            // Zipf-like: common words are common
            int index = (int) Math.min(vocabulary.size() - 1, Math.abs(random.nextGaussian()) * vocabulary.size() / 4);
            s.append(i == 0 ? "" : " ").append(vocabulary.get(index));
        }
        return s.toString();
    }
}
