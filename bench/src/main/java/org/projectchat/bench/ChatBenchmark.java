package org.projectchat.bench;

import okhttp3.ConnectionPool;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.postgresql.PGConnection;
import org.projectchat.contract.Topic;
import org.projectchat.contract.Actor;
import org.projectchat.contract.ChatEvent;
import org.projectchat.contract.EventEnvelope;
import org.projectchat.contract.EventJson;
import org.projectchat.contract.MessageKind;
import org.projectchat.contract.Visibility;
import org.projectchat.dev.ServiceProcess;
import org.projectchat.embedded.Server;
import org.projectchat.embedded.ServerProcess;
import org.projectchat.embedded.EmbeddedPostgresServer;
import org.projectchat.embedded.ProcessCpu;
import org.projectchat.embedded.identity.LocalIssuer;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * chat-service's write path under load, on this machine, beside the raw limits of the same servers measured in the
 * same run. Kafka runs in a JVM of its own and PostgreSQL durably (fsync on), as in production, so each process's
 * CPU per post is its own column:
 * <ol>
 *   <li>posts over HTTP to one project at rising concurrency (closed loop): accepted posts/s, p50/p99, CPU per post
 *       of the service, PostgreSQL, Kafka and the load generator;</li>
 *   <li>the same over 64 projects, concurrency 16 (the goals' step) for one autovacuum cycle, so that it carries its own
 *       share of the vacuum its posts cause;</li>
 *   <li>post → message store at half the peak rate measured in step 2 (open loop): p50/p99 from the moment the POST was
 *       due (its slot in the rate) to the message being committed in the message store (seen through the feed's NOTIFY);
 *       one thread sends them all ({@link PacedPosts});</li>
 *   <li>baseline: single-row INSERT+COMMIT into the same PostgreSQL at the same concurrencies (after step 3, so that
 *       its burst of writes does not leave the database busy with checkpoints and vacuum while step 3 measures);</li>
 *   <li>baseline: idempotent acks=all produce of the same payload to the same Kafka.</li>
 * </ol>
 * Usage: {@code ./bench.sh chat [--seconds=10]}; {@code --e2e-only [--rate=500[,1000...]]} runs only the post -> message store
 * step at each rate (with the CPU per post and the service's own split of the delay), with {@code --checkpoint-first}
 * each pass right after a checkpoint; {@code --pg=max_wal_size=4GB}
 * (repeatable) starts PostgreSQL with that setting, for trying one without a rebuild.
 */
public final class ChatBenchmark {

    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    static final String BODY_TEXT = "Daily update: ingestion ported, 3 of 5 pipelines green. Next: backfill. @clara please review.";
    /** The closed-loop steps' concurrencies; {@code --http-only --concurrency=16} measures only that one (diagnostics). */
    static int[] CONCURRENCY = {1, 4, 16, 32, 64};
    /** The open-loop step's connections (posts in flight at most). */
    static final int CONNECTIONS = 64;

    static String[] ARGS = new String[0];

    /**
     * The PostgreSQL server's settings beyond the harness's own: pg_stat_statements for {@code --threads}, and each
     * {@code --pg=name=value} (trying a setting, such as {@code max_wal_size}, without a rebuild).
     */
    static Map<String, String> postgresSettings(String[] args) {
        Map<String, String> settings = new java.util.HashMap<>(diagnostics() ? PostgresProfile.SETTINGS : Map.of());
        for (String a : args) {
            if (a.startsWith("--pg=")) {
                String[] kv = a.substring("--pg=".length()).split("=", 2);
                settings.put(kv[0], kv[1]);
            }
        }
        return settings;
    }

    /** {@code --threads}: each step also prints where each process's CPU per post went (diagnostics). */
    static boolean diagnostics() {
        return List.of(ARGS).contains("--threads");
    }

    public static void main(String[] args) throws Exception {
        ARGS = args;
        if (!arg(args, "concurrency", "").isEmpty()) {
            CONCURRENCY = java.util.Arrays.stream(arg(args, "concurrency", "").split(",")).mapToInt(Integer::parseInt).toArray();
        }
        int seconds = Integer.parseInt(arg(args, "seconds", "10"));
        Path root = Path.of(arg(args, "root", ".")).toAbsolutePath().normalize();
        Path dir = root.resolve("bench/target/bench-data");
        org.projectchat.embedded.EmbeddedStack.deleteRecursively(dir);
        Files.createDirectories(dir);
        System.out.printf("Project Chat benchmark — %d cores, %s, %d s per step%n%n",
                Runtime.getRuntime().availableProcessors(), Runtime.version(), seconds);

        // --kafka-dir=/dev/shm/...: Kafka's log on another device than PostgreSQL's WAL (diagnostics; in production they
        // are on different machines, here they share one disk and Kafka's page-cache writeback queues beside WAL syncs)
        Path kafkaDir = dir.resolve("kafka"); // wiped with dir above
        if (!arg(args, "kafka-dir", "").isEmpty()) {
            kafkaDir = Path.of(arg(args, "kafka-dir", ""));
            org.projectchat.embedded.EmbeddedStack.deleteRecursively(kafkaDir);
        }
        try (ServerProcess kafka = ServerProcess.start(Server.KAFKA, kafkaDir, 0, dir.resolve("logs/kafka.log"), "-Xmx768m");
             EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(dir.resolve("postgres"), 0, true, true,
                     postgresSettings(args))) {
            postgres.createDatabase("chat");
            LocalIssuer issuer = LocalIssuer.inFolder(dir.resolve("issuer"));
            ServiceProcess chat = ServiceProcess.start("chat-service",
                    root.resolve("chat-service/target/chat-service-0.1.0-SNAPSHOT.jar"), freePort(),
                    serviceProperties(args, postgres, kafka.address(), dir),
                    dir.resolve("logs"), jvmOptions(args, dir), false);
            try {
                chat.awaitReady(Duration.ofSeconds(120));
                Processes processes = new Processes(chat.pid(), chat.url(), postgres, dir.resolve("postgres"), kafka.handle());
                run(issuer, kafka.address(), processes, seconds);
            } finally {
                chat.close();
            }
        }
    }

    /**
     * The processes whose CPU a post costs: the service (and its URL, for its own meters), PostgreSQL (all its
     * processes, those that ended during a step included), Kafka, this load generator.
     */
    record Processes(long service, String serviceUrl, EmbeddedPostgresServer postgres, Path postgresDir, ProcessHandle kafka) {
        Cpu now() {
            return new Cpu(ProcessHandle.of(service).map(ProcessCpu::millis).orElse(0.0), EmbeddedPostgresServer.cpuMillis(postgresDir),
                    ProcessCpu.millis(kafka), ProcessCpu.millis(ProcessHandle.current()), Cpu.machineBusyMillis(), System.nanoTime() / 1e6);
        }
    }

    /**
     * CPU milliseconds of each process, and of the whole machine (all cores, anything not idle or waiting for I/O: the
     * four processes, the kernel's own threads and whatever else runs on the box) over {@code wall} milliseconds.
     */
    record Cpu(double service, double postgres, double kafka, double generator, double machine, double wall) {
        /** From /proc/stat's first line (ticks of 10 ms); 0 where there is none. */
        static double machineBusyMillis() {
            try {
                String[] ticks = Files.readAllLines(Path.of("/proc/stat")).getFirst().trim().split("\\s+");
                long busy = 0;
                for (int i = 1; i <= 8 && i < ticks.length; i++) {
                    busy += i == 4 || i == 5 ? 0 : Long.parseLong(ticks[i]); // idle, iowait
                }
                return busy * 10.0;
            } catch (IOException | RuntimeException e) {
                return 0;
            }
        }

        Cpu since(Cpu before) {
            return new Cpu(service - before.service, postgres - before.postgres, kafka - before.kafka,
                    generator - before.generator, machine - before.machine, wall - before.wall);
        }

        /**
         * Each process's CPU per post, then how busy the machine's cores were: queues grow long (and latency's tail with
         * them) as that nears 100 %, and the rest of the machine is what none of the four processes spent.
         */
        String perPost(double posts) {
            double n = Math.max(1, posts);
            double four = service + postgres + kafka + generator;
            return String.format("%.2f + %.2f + %.2f + %.2f = %.2f; cores %.0f %% busy (the rest of the machine %.2f)",
                    service / n, postgres / n, kafka / n, generator / n, four / n,
                    100 * machine / (wall * Runtime.getRuntime().availableProcessors()), Math.max(0, machine - four) / n);
        }
    }

    static void run(LocalIssuer issuer, String kafka, Processes processes, int seconds) throws Exception {
        String url = processes.serviceUrl();
        EmbeddedPostgresServer postgres = processes.postgres();
        String platform = issuer.mint("svc", "Marketplace", null, List.of("PLATFORM_SERVICE"), Duration.ofHours(2));
        String expert = issuer.mint("u-erik", "Erik Expert", null, List.of("USER"), Duration.ofHours(2));
        List<String> projects = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            String id = "bench-" + i;
            send(url + "/projects", platform, "{\"projectId\":\"" + id + "\",\"title\":\"Bench " + i + "\",\"participants\":["
                    + "{\"userId\":\"u-erik\",\"displayName\":\"Erik\",\"handle\":\"erik\",\"role\":\"EXPERT\"},"
                    + "{\"userId\":\"u-clara\",\"displayName\":\"Clara\",\"handle\":\"clara\",\"role\":\"CLIENT\"}]}");
            projects.add(id);
        }
        // Kafka's broker compiles for minutes under this load too (its compiler threads were 0.02-0.04 ms of CPU per
        // post at concurrency 16 after the service had settled): both must settle before anything is measured
        System.out.println("Warm-up until the JIT of the service and of Kafka has settled ...");
        var compiled = JitWarmUp.both(JitWarmUp.service(url), JitWarmUp.compilerThreads(processes.kafka().pid()));
        System.out.println("   " + JitWarmUp.until(compiled, d -> closedLoop(url, expert, projects, 16, (int) d.toSeconds()),
                Duration.ofSeconds(180)));

        // what each process spends with no load at all: its fixed cost a second (consumers' polls, heartbeats, the
        // broker's own timers, the bench's probes), which the steps below spread over fewer posts the slower they go
        awaitProjection(kafka);
        Result idle = window(processes, "second", () -> {
            Thread.sleep(seconds * 1000L);
            return new Result(0, 0, 0, 0, 0, 0, seconds);
        });
        System.out.printf("Idle for %d s, CPU ms a second (service + PostgreSQL + Kafka + load generator): %s%n", seconds,
                idle.costsAndConditions());
        if (List.of(ARGS).contains("--e2e-only")) {
            // --rate=700,1000,1334: each rate in turn (the first one also once before, unmeasured)
            List<Integer> rates = java.util.Arrays.stream(arg(ARGS, "rate", "500").split(",")).map(String::trim).map(Integer::parseInt).toList();
            awaitProjection(kafka);
            endToEnd(url, expert, projects, postgres, rates.getFirst(), seconds);
            for (int rate : rates) {
                awaitProjection(kafka);
                if (List.of(ARGS).contains("--checkpoint-first")) {
                    checkpoint(postgres); // every pass starts where the most pages are logged in full (diagnostics)
                }
                Result only = window(processes, () -> endToEnd(url, expert, projects, postgres, rate, seconds));
                System.out.printf("post->message store at %d/s: p50 %.2f ms p99 %.2f ms; POST p99 %.2f ms; CPU ms per post %s%n", rate,
                        only.storeP50(), only.storeP99(), only.p99(), only.costsAndConditions());
                System.out.println("   inside the service: " + pipelineSplit(url));
            }
            return;
        }
        String header = "   concurrency   posts/s     p50 ms    p99 ms   errors | CPU ms per post: service + PostgreSQL + Kafka + load generator";
        System.out.println("\n1. One project: POST /projects/{id}/messages over HTTP, closed loop (client ids, durable commit)");
        System.out.println(header);
        Map<Integer, Result> single = new java.util.TreeMap<>();
        for (int concurrency : CONCURRENCY) {
            awaitProjection(kafka);
            single.put(concurrency, window(processes, () -> closedLoop(url, expert, projects.subList(0, 1), concurrency, seconds)));
            print(concurrency, single.get(concurrency));
        }
        // the step the goals read at concurrency 16 lasts one autovacuum cycle: autovacuum visits the database once a
        // cycle and does a cycle's worth of the posts' vacuum and analyze work in 10-19 s, so a 10 s step held all of it
        // or none by where it fell; over a cycle it carries its own share
        int cycle = Math.max(seconds, autovacuumCycleSeconds(postgres));
        System.out.printf("%n2. 64 projects, the same (concurrency 16 for %d s, one autovacuum cycle)%n", cycle);
        System.out.println(header);
        Map<Integer, Result> many = new java.util.TreeMap<>();
        for (int concurrency : CONCURRENCY) {
            awaitProjection(kafka);
            int length = concurrency == 16 ? cycle : seconds;
            many.put(concurrency, window(processes, () -> closedLoop(url, expert, projects, concurrency, length)));
            print(concurrency, many.get(concurrency));
        }
        System.out.printf("   server-side mean of POST (http.server.requests): %.2f ms%n", serverMeanMillis(url));
        if (List.of(ARGS).contains("--http-only")) {
            return;
        }

        double peak = many.values().stream().mapToDouble(Result::rate).max().orElse(0);
        int half = (int) Math.max(50, Math.round(peak / 2));
        // before the raw baseline, whose burst of INSERTs would leave the database checkpointing and vacuuming (work the
        // system did not cause) while this step measures latency
        System.out.printf("%n3. Post -> message store at half the peak rate of step 2: %d posts/s (open loop, 64 projects)%n", half);
        // once unmeasured first, as --e2e-only does: the load generator's open loop runs here for the first time, and
        // its JIT (0.03-0.04 ms of CPU per post) would otherwise be counted in the shared 2 cores
        awaitProjection(kafka);
        endToEnd(url, expert, projects, postgres, half, seconds);
        awaitProjection(kafka);
        Result e2e = window(processes, () -> endToEnd(url, expert, projects, postgres, half, seconds));
        System.out.printf("   accepted %.0f posts/s; POST p50 %.2f ms p99 %.2f ms; post->message store p50 %.2f ms p99 %.2f ms;"
                + " missing %d; CPU ms per post %s%n", e2e.rate(), e2e.p50(), e2e.p99(), e2e.storeP50(), e2e.storeP99(),
                e2e.errors(), e2e.costsAndConditions());
        System.out.println("   inside the service (command -> Kafka send -> message store; its percentiles cover its last 2 minutes):"
                + " " + pipelineSplit(url));

        System.out.println("\n4. Baseline: single-row INSERT+COMMIT into the same PostgreSQL (a jsonb row of the post's size)");
        // the CPU of a commit that only inserts a row: how fast this machine's cores are today, beside the CPU per post
        System.out.println("   concurrency  commits/s | CPU ms per commit: PostgreSQL + load generator");
        Map<Integer, Double> raw = new java.util.TreeMap<>();
        for (int concurrency : CONCURRENCY) {
            RawInserts inserts = rawInserts(postgres, processes, concurrency, seconds);
            raw.put(concurrency, inserts.rate());
            System.out.printf("   %11d %10.0f | %.3f + %.3f%n", concurrency, inserts.rate(),
                    inserts.cpu().postgres() / Math.max(1, inserts.commits()), inserts.cpu().generator() / Math.max(1, inserts.commits()));
        }

        System.out.println("\n5. Baseline: idempotent acks=all produce of the same payload to the same Kafka");
        rawProduce(kafka, seconds);

        Result bestSingle = single.values().stream().max(java.util.Comparator.comparingDouble(Result::rate)).orElseThrow();
        Result atSixteen = many.get(16);
        System.out.printf("%nSummary%n");
        System.out.printf("   one project:  best %.0f posts/s (goal >= 1,700)%n", bestSingle.rate());
        System.out.printf("   64 projects:  best %.0f posts/s, %.1f %% of raw PostgreSQL at 16 (%.0f commits/s); at concurrency 16"
                        + " (one autovacuum cycle) %.0f posts/s, %.1f %% of it, p99 %.1f ms (goals >= 3,000 posts/s, >= 25 %%, p99 <= 50 ms)%n", peak,
                100 * peak / raw.get(16), raw.get(16), atSixteen.rate(), 100 * atSixteen.rate() / raw.get(16), atSixteen.p99());
        System.out.printf("   post -> message store at %d posts/s: p99 %.1f ms (goal <= 100 ms)%n", half, e2e.storeP99());
    }

    interface Load {
        Result run() throws Exception;
    }

    /** A step's result with the CPU each process spent during it. */
    static Result window(Processes processes, Load load) throws Exception {
        return window(processes, "post", load);
    }

    /**
     * @param unit what the load's result counts as its posts, for the diagnostics' "per" lines: "second" for the idle
     *             step, whose result carries its seconds there
     */
    static Result window(Processes processes, String unit, Load load) throws Exception {
        // where each process's CPU per post went, by thread group (PostgreSQL: by process and statement)
        boolean diagnostics = diagnostics();
        ThreadCpu.Since threads = ThreadCpu.Since.now(diagnostics
                ? Map.of("service", processes.service(), "kafka", processes.kafka().pid(), "generator", ProcessHandle.current().pid())
                : Map.of());
        PostgresProfile postgres = diagnostics ? PostgresProfile.since(processes.postgres(), processes.postgresDir()) : null;
        Autovacuum vacuumBefore = Autovacuum.now(processes.postgres());
        FsyncProbe disk = FsyncProbe.start(processes.postgresDir());
        GroupCommits commitsBefore = GroupCommits.of(processes.serviceUrl());
        Cpu before = processes.now();
        Result r;
        Cpu spent;
        String fsyncs;
        try {
            r = load.run();
            spent = processes.now().since(before);
        } finally {
            fsyncs = disk.stop(); // a step that fails stops its probe too: no probe thread outlives its step
        }
        Result measured = r.measured(spent, Autovacuum.now(processes.postgres()).since(vacuumBefore), fsyncs,
                GroupCommits.between(commitsBefore, GroupCommits.of(processes.serviceUrl())));
        threads.print(measured.posts(), 10);
        if (postgres != null) {
            postgres.print(measured.posts(), unit);
        }
        return measured;
    }

    static void print(int concurrency, Result r) {
        System.out.printf("   %11d %9.0f %10.2f %9.2f %8d | %s%n", concurrency, r.rate(), r.p50(), r.p99(), r.errors(),
                r.costsAndConditions());
    }

    /** A connection to the service's database, as the superuser (the bench's own queries and diagnostics). */
    static Connection chatDatabase(EmbeddedPostgresServer postgres) throws java.sql.SQLException {
        return DriverManager.getConnection(postgres.jdbcUrl("chat"), "postgres", "postgres");
    }

    /** How often autovacuum visits a database ({@code autovacuum_naptime}), in whole seconds. */
    static int autovacuumCycleSeconds(EmbeddedPostgresServer postgres) throws java.sql.SQLException {
        try (Connection c = chatDatabase(postgres); var s = c.createStatement();
             var rs = s.executeQuery("select setting::int from pg_settings where name = 'autovacuum_naptime'")) {
            rs.next();
            return rs.getInt(1); // the setting's unit is seconds
        }
    }

    /** A checkpoint now: the first change of each page after it is written to the WAL in full. */
    static void checkpoint(EmbeddedPostgresServer postgres) throws java.sql.SQLException {
        try (Connection c = chatDatabase(postgres); var s = c.createStatement()) {
            s.execute("checkpoint");
        }
    }

    /**
     * The closed-loop steps post faster than the message store applies; its backlog is worked off
     * before the open-loop step, which would otherwise measure the queue left behind.
     */
    static void awaitProjection(String kafka) throws Exception {
        ConsumerLag.awaitCaughtUp(kafka, Topic.CHAT_EVENTS.name(), "chat-message-store", Duration.ofMinutes(10), 1);
    }

    /**
     * @param posts how many posts the step stored
     * @param cpu   what each process spent during the step
     * @param autovacuum the tables autovacuum worked on during the step
     * @param disk       the disk's fsync latency during the step ({@link FsyncProbe})
     * @param commits    the service's group commits during the step ({@link GroupCommits#between})
     */
    record Result(double rate, double p50, double p99, long errors, double storeP50, double storeP99, long posts, Cpu cpu,
                  List<String> autovacuum, String disk, String commits) {
        Result(double rate, double p50, double p99, long errors, double storeP50, double storeP99, long posts) {
            this(rate, p50, p99, errors, storeP50, storeP99, posts, null, List.of(), null, null);
        }

        Result measured(Cpu spent, List<String> vacuumed, String disk, String commits) {
            return new Result(rate, p50, p99, errors, storeP50, storeP99, posts, spent, vacuumed, disk, commits);
        }

        /**
         * Each process's CPU per post, and what else the step held: how many commands each commit carried, the tables
         * autovacuum worked on meanwhile (its CPU is PostgreSQL's) and the disk's fsync latency (a commit's floor, and
         * its stalls the tail's).
         */
        String costsAndConditions() {
            return cpu.perPost(posts) + "; " + commits
                    + (autovacuum.isEmpty() ? "" : "; autovacuum in the window: " + String.join(", ", autovacuum)) + "; " + disk;
        }
    }

    /**
     * The service's count of its commits and of the commands whose events they stored ({@code commands.*} of its runner
     * "chat"); null when its meters cannot be read.
     */
    record GroupCommits(double transactions, double appended) {
        static GroupCommits of(String url) {
            try {
                String metrics = prometheus(url);
                return new GroupCommits(counter(metrics, "commands_transactions_total"), counter(metrics, "commands_appended_total"));
            } catch (Exception e) {
                return null;
            }
        }

        private static double counter(String metrics, String name) {
            return metrics.lines().filter(line -> line.startsWith(name + "{") && line.contains("runner=\"chat\"")).findFirst()
                    .map(ChatBenchmark::sampleValue)
                    .orElseThrow(() -> new IllegalStateException(name + " is not exposed"));
        }

        /** "N commits carrying M commands each" between two counts. */
        static String between(GroupCommits before, GroupCommits after) {
            if (before == null || after == null) {
                return "commits not counted (the service's meters could not be read)";
            }
            double commits = after.transactions - before.transactions;
            return String.format("%.0f commits carrying %.1f commands each", commits,
                    (after.appended - before.appended) / Math.max(1, commits));
        }
    }

    static String postBody(int n) {
        return "{\"body\":\"" + BODY_TEXT + " #" + n + "\",\"kind\":\"PROGRESS_UPDATE\",\"clientMessageId\":\"" + UUID.randomUUID() + "\"}";
    }

    static Result closedLoop(String url, String token, List<String> projects, int concurrency, int seconds) throws Exception {
        Histogram latency = new Histogram(60_000_000_000L, 3);
        AtomicLong ok = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        AtomicBoolean running = new AtomicBoolean(true);
        CountDownLatch done = new CountDownLatch(concurrency);
        long start = System.nanoTime();
        // platform threads: a virtual thread's blocking socket read goes through the JDK's poller, two more thread
        // switches per request, which the load generator took from the shared 2 cores
        try (var pool = Executors.newCachedThreadPool()) {
            for (int c = 0; c < concurrency; c++) {
                int worker = c;
                pool.submit(() -> {
                    int n = 0;
                    try (PostConnection connection = new PostConnection(url, token)) {
                        while (running.get()) {
                            String project = projects.get((worker + n * concurrency) % projects.size());
                            long t0 = System.nanoTime();
                            int status = connection.post("/projects/" + project + "/messages", postBody(n++));
                            long t1 = System.nanoTime();
                            if (status == 201) {
                                ok.incrementAndGet();
                                synchronized (latency) {
                                    latency.recordValue(t1 - t0);
                                }
                            } else {
                                errors.incrementAndGet();
                            }
                        }
                    }
                    done.countDown();
                });
            }
            Thread.sleep(seconds * 1000L);
            running.set(false);
            done.await();
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        return new Result(ok.get() / elapsed, latency.getValueAtPercentile(50) / 1e6, latency.getValueAtPercentile(99) / 1e6,
                errors.get(), 0, 0, ok.get());
    }

    /** Posts at a fixed rate; a listener on the feed notes when each message is committed in the message store. */
    static Result endToEnd(String url, String token, List<String> projects, EmbeddedPostgresServer postgres, int rate,
                           int seconds) throws Exception {
        Map<String, Long> sentAt = new ConcurrentHashMap<>();
        Histogram postLatency = new Histogram(60_000_000_000L, 3);
        Histogram storeLatency = new Histogram(60_000_000_000L, 3);
        AtomicBoolean listening = new AtomicBoolean(true);
        AtomicLong seen = new AtomicLong();
        AtomicLong listenerCpu = new AtomicLong();
        // diagnostics: the slowest POST answered in each 100 ms of wall time, to line stalls up with other timelines
        // (kept only then: every answer would pay for it)
        boolean diagnostics = diagnostics();
        Map<Long, Long> worstPer100ms = new ConcurrentHashMap<>();
        Thread listener;
        try (Connection c = chatDatabase(postgres)) {
            long[] lastSeq = {0};
            try (var s = c.createStatement(); var rs = s.executeQuery("select coalesce(max(seq), 0) from feed")) {
                rs.next();
                lastSeq[0] = rs.getLong(1);
            }
            try (var s = c.createStatement()) {
                // the plan for any "seq > ?" is the primary key's range: kept, not made again at every call
                s.execute("set plan_cache_mode = force_generic_plan");
                s.execute("listen chat_feed");
            }
            PGConnection pg = c.unwrap(PGConnection.class);
            listener = Thread.ofPlatform().start(() -> {
                // the feed alone: a message's feed row is written by the statement that writes it to the message
                // store, so it is there exactly when the message is. A join with the messages, as before, was planned
                // afresh at every call (0.44 ms; its generic plan for "seq > ?" was a hash join of whole tables) and
                // cost PostgreSQL 0.6 ms per call, about 0.1 ms per post at 1,100 posts/s: the bench's own load on the
                // 2 cores, charged to PostgreSQL
                try (var query = c.prepareStatement(
                        "select seq, item from feed where seq > ? and type = 'message.posted' order by seq limit 10000")) {
                    while (listening.get()) {
                        pg.getNotifications(100);
                        query.setLong(1, lastSeq[0]);
                        try (var rs = query.executeQuery()) {
                            // after the query: a post sent while it ran may be in its snapshot (reading the clock before
                            // gave negative latencies); the query's own time is counted, so the figure errs high
                            long now = System.nanoTime();
                            while (rs.next()) {
                                lastSeq[0] = Math.max(lastSeq[0], rs.getLong(1));
                                String clientMessageId = clientMessageId(rs.getString(2));
                                Long t0 = clientMessageId == null ? null : sentAt.remove(clientMessageId);
                                if (t0 != null) {
                                    synchronized (storeLatency) {
                                        storeLatency.recordValue(now - t0);
                                    }
                                    seen.incrementAndGet();
                                }
                            }
                        }
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                listenerCpu.addAndGet(ThreadCpu.currentThreadNanos());
            });
            long total = (long) rate * seconds;
            long interval = 1_000_000_000L / rate;
            long start = System.nanoTime();
            AtomicLong ok = new AtomicLong();
            long cpuBefore = ThreadCpu.currentThreadNanos();
            PacedPosts.run(new PostRequest(url, token), CONNECTIONS, start, interval, total, (i, due) -> {
                String clientId = UUID.randomUUID().toString();
                sentAt.put(clientId, due);
                return new PacedPosts.Post("/projects/" + projects.get((int) (i % projects.size())) + "/messages",
                        "{\"body\":\"" + BODY_TEXT + "\",\"clientMessageId\":\"" + clientId + "\"}");
            }, (i, due, status, at) -> {
                if (status == 201) {
                    ok.incrementAndGet();
                    postLatency.recordValue(at - due);
                    if (diagnostics) {
                        worstPer100ms.merge(System.currentTimeMillis() / 100, at - due, Math::max);
                    }
                }
            });
            long sendingCpu = ThreadCpu.currentThreadNanos() - cpuBefore;
            double elapsed = (System.nanoTime() - start) / 1e9;
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (seen.get() < ok.get() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            listening.set(false);
            listener.join();
            if (diagnostics) {
                System.out.printf("      generator: sending loop %.3f ms per post, store listener %.3f%n", sendingCpu / 1e6 / ok.get(),
                        listenerCpu.get() / 1e6 / ok.get());
                System.out.println("      POST stalls (100 ms of wall time whose slowest answer took over 100 ms, by when it was answered): "
                        + stalls(worstPer100ms));
            }
            return new Result(ok.get() / elapsed, postLatency.getValueAtPercentile(50) / 1e6,
                    postLatency.getValueAtPercentile(99) / 1e6, ok.get() - seen.get(),
                    storeLatency.getValueAtPercentile(50) / 1e6, storeLatency.getValueAtPercentile(99) / 1e6, ok.get());
        }
    }

    private static final Pattern CLIENT_MESSAGE_ID = Pattern.compile("\"clientMessageId\":\"([^\"]+)\"");

    /** The client's id of the message a feed item shows (its JSON has one); null if it has none. */
    static String clientMessageId(String feedItem) {
        var m = CLIENT_MESSAGE_ID.matcher(feedItem);
        return m.find() ? m.group(1) : null;
    }

    static String stalls(Map<Long, Long> worstPer100ms) {
        List<String> stalls = new ArrayList<>();
        new java.util.TreeMap<>(worstPer100ms).forEach((tenth, worst) -> {
            if (worst > 100_000_000L) {
                stalls.add(java.time.LocalTime.ofInstant(java.time.Instant.ofEpochMilli(tenth * 100), java.time.ZoneOffset.UTC)
                        + " (" + worst / 1_000_000 + " ms)");
            }
        });
        return stalls.isEmpty() ? "none" : stalls.size() + ": " + String.join(", ", stalls);
    }

    /** How many single-row INSERT+COMMITs the baseline made in how many seconds, and the CPU each process spent on them. */
    record RawInserts(long commits, double seconds, Cpu cpu) {
        double rate() {
            return commits / seconds;
        }
    }

    /**
     * The baseline's CPU is sampled while its connections are open, after they have connected and before they close: a
     * backend that exits between two samples is counted only once the postmaster has reaped it, which may fall on
     * either side of a sample.
     */
    static RawInserts rawInserts(EmbeddedPostgresServer postgres, Processes processes, int concurrency, int seconds) throws Exception {
        try (Connection c = chatDatabase(postgres); var s = c.createStatement()) {
            s.execute("create table if not exists bench_raw (id bigserial primary key, stream_id text, envelope jsonb)");
        }
        String payload = EventJson.writeString(sampleEnvelope());
        AtomicLong commits = new AtomicLong();
        AtomicBoolean running = new AtomicBoolean(true);
        CountDownLatch connected = new CountDownLatch(concurrency);
        CountDownLatch stopped = new CountDownLatch(concurrency);
        CountDownLatch go = new CountDownLatch(1);
        CountDownLatch close = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < concurrency; i++) {
            // daemons: a bench that fails between the latches ends without them
            threads.add(Thread.ofPlatform().daemon().start(() -> {
                try (Connection c = chatDatabase(postgres);
                     var insert = c.prepareStatement("insert into bench_raw (stream_id, envelope) values (?, ?::jsonb)")) {
                    c.setAutoCommit(true);
                    connected.countDown();
                    go.await();
                    while (running.get()) {
                        insert.setString(1, "bench-raw");
                        insert.setString(2, payload);
                        insert.executeUpdate();
                        commits.incrementAndGet();
                    }
                    stopped.countDown();
                    close.await();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                } finally {
                    connected.countDown(); // a thread that failed holds up neither the start nor the end
                    stopped.countDown();
                }
            }));
        }
        connected.await();
        Cpu before = processes.now();
        long start = System.nanoTime();
        go.countDown();
        Thread.sleep(seconds * 1000L);
        running.set(false);
        stopped.await();
        RawInserts result = new RawInserts(commits.get(), (System.nanoTime() - start) / 1e9, processes.now().since(before));
        close.countDown();
        for (Thread t : threads) {
            t.join();
        }
        return result;
    }

    static void rawProduce(String kafka, int seconds) throws Exception {
        try (var admin = org.apache.kafka.clients.admin.Admin.create(Map.of("bootstrap.servers", kafka))) {
            admin.createTopics(List.of(new NewTopic("bench.raw", 12, (short) 1))).all().get();
        }
        byte[] payload = EventJson.write(sampleEnvelope());
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 1);
        try (var producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer())) {
            AtomicLong acked = new AtomicLong();
            long start = System.nanoTime();
            long end = start + seconds * 1_000_000_000L;
            long sent = 0;
            while (System.nanoTime() < end) {
                producer.send(new ProducerRecord<>("bench.raw", "bench-" + (sent % 64), payload), (m, e) -> {
                    if (e == null) {
                        acked.incrementAndGet();
                    }
                });
                sent++;
            }
            producer.flush();
            double async = acked.get() / ((System.nanoTime() - start) / 1e9);
            Histogram sync = new Histogram(60_000_000_000L, 3);
            long syncStart = System.nanoTime();
            long syncCount = 0;
            while (System.nanoTime() - syncStart < Math.min(5, seconds) * 1_000_000_000L) {
                long t0 = System.nanoTime();
                producer.send(new ProducerRecord<>("bench.raw", "bench-1", payload)).get();
                sync.recordValue(System.nanoTime() - t0);
                syncCount++;
            }
            double syncRate = syncCount / ((System.nanoTime() - syncStart) / 1e9);
            System.out.printf("   pipelined: %9.0f records/s (%d bytes each)%n", async, payload.length);
            System.out.printf("   one at a time (send().get()): %.0f records/s, p50 %.2f ms, p99 %.2f ms%n",
                    syncRate, sync.getValueAtPercentile(50) / 1e6, sync.getValueAtPercentile(99) / 1e6);
        }
    }

    static EventEnvelope<ChatEvent> sampleEnvelope() {
        return EventEnvelope.of("bench-1", 1, Instant.now(), new Actor("u-erik", "Erik Expert", "EXPERT"), "c", "c", null,
                new ChatEvent.MessagePosted(UUID.randomUUID().toString(), 1, UUID.randomUUID().toString(), BODY_TEXT,
                        MessageKind.PROGRESS_UPDATE, Visibility.EVERYONE, List.of(), List.of(ChatEvent.Mention.user("u-clara", "clara")), null));
    }

    /** A service's metrics in the Prometheus text format (the benchmarks read JIT time, request times and delays). */
    static String prometheus(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url + "/actuator/prometheus")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    /** The value of one Prometheus sample line. */
    static double sampleValue(String line) {
        return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
    }

    /** Mean server-side time of the message POSTs so far, from the service's own metrics. */
    static double serverMeanMillis(String url) {
        try {
            String metrics = prometheus(url);
            double sum = 0;
            double count = 0;
            for (String line : metrics.lines().toList()) {
                if (line.contains("method=\"POST\"") && line.contains("uri=\"/projects/{projectId}/messages\"")) {
                    double value = sampleValue(line);
                    if (line.startsWith("http_server_requests_seconds_sum")) {
                        sum += value;
                    } else if (line.startsWith("http_server_requests_seconds_count")) {
                        count += value;
                    }
                }
            }
            return count == 0 ? Double.NaN : sum / count * 1000;
        } catch (Exception e) {
            return Double.NaN;
        }
    }

    /** The service's own split of the way to the message store (recent percentiles, in ms). */
    static String pipelineSplit(String url) {
        try {
            String metrics = prometheus(url);
            StringBuilder out = new StringBuilder();
            for (String name : List.of("chat_events_relay_delay_seconds", "outbox_relay_transaction_seconds", "chat_events_fetch_delay_seconds",
                    "chat_events_store_delay_seconds", "chat_events_poll_gap_seconds", "chat_events_poll_records")) {
                boolean seconds = name.endsWith("_seconds"); // shown in ms; a count as it is
                for (String q : List.of("0.5", "0.99")) {
                    for (String line : metrics.lines().toList()) {
                        if (line.startsWith(name + "{") && line.contains("quantile=\"" + q + "\"")) {
                            out.append(String.format("%s p%s %.1f%s; ", name.replace("chat_events_", "").replace("outbox_", "").replace("_seconds", ""),
                                    q.equals("0.5") ? "50" : "99", (seconds ? 1000 : 1) * sampleValue(line), seconds ? " ms" : ""));
                        }
                    }
                }
            }
            return out.toString();
        } catch (Exception e) {
            return "(metrics unavailable)";
        }
    }

    /** The load generator's client: OkHttp costs the shared CPU less per request than the JDK's HttpClient. */
    static final OkHttpClient OK_HTTP = new OkHttpClient.Builder()
            .connectionPool(new ConnectionPool(256, 5, TimeUnit.MINUTES)).build();
    static final MediaType JSON = MediaType.get("application/json");

    static int send(String url, String token, String json) {
        Request request = new Request.Builder().url(url).header("Authorization", "Bearer " + token)
                .post(RequestBody.create(json, JSON)).build();
        try (Response response = OK_HTTP.newCall(request).execute()) {
            return response.code();
        } catch (Exception e) {
            return -1;
        }
    }

    /** Server addresses, plus any {@code --set=name=value} given (diagnostics, e.g. chat.outbox.enabled=false). */
    static Map<String, String> serviceProperties(String[] args, EmbeddedPostgresServer postgres, String kafka, Path dir) {
        Map<String, String> properties = new java.util.LinkedHashMap<>(Map.of("spring.datasource.url", postgres.jdbcUrl("chat"),
                "spring.kafka.bootstrap-servers", kafka,
                "projectchat.security.public-key", "file:" + dir.resolve("issuer/issuer-public.pem"),
                "logging.level.root", "WARN"));
        return withSettings(args, properties);
    }

    /** The given service properties plus any {@code --set=name=value} from the command line (diagnostics). */
    static Map<String, String> withSettings(String[] args, Map<String, String> properties) {
        Map<String, String> all = new java.util.LinkedHashMap<>(properties);
        for (String a : args) {
            if (a.startsWith("--set=")) {
                String[] kv = a.substring(6).split("=", 2);
                all.put(kv[0], kv[1]);
            }
        }
        return all;
    }

    /**
     * {@code --profile} records the service with Java Flight Recorder into service.jfr in the benchmark's data folder;
     * each {@code --service-jvm=} adds an option to the service's JVM.
     */
    static List<String> jvmOptions(String[] args, Path dir) {
        List<String> options = new ArrayList<>(List.of("-Xmx1g", "-XX:+UseParallelGC"));
        for (String a : args) {
            if (a.startsWith("--service-jvm=")) {
                options.add(a.substring("--service-jvm=".length())); // e.g. a profiler's -agentpath
            }
        }
        if (List.of(args).contains("--profile")) {
            options.add("-XX:StartFlightRecording=dumponexit=true,settings=profile,filename=" + dir.resolve("service.jfr"));
        }
        return options;
    }

    static int freePort() {
        return org.projectchat.embedded.Ports.free();
    }

    static String arg(String[] args, String name, String fallback) {
        for (String a : args) {
            if (a.startsWith("--" + name + "=")) {
                return a.substring(name.length() + 3);
            }
        }
        return fallback;
    }
}
