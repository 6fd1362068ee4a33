package org.projectchat.bench;

import io.minio.BucketExistsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.Checksum;
import io.minio.ListObjectsArgs;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectsArgs;
import io.minio.Result;
import io.minio.messages.DeleteRequest;
import io.minio.messages.Item;
import org.projectchat.dev.ServiceProcess;
import org.projectchat.embedded.EmbeddedKafka;
import org.projectchat.embedded.EmbeddedPostgresServer;
import org.projectchat.embedded.ProcessCpu;
import org.projectchat.embedded.Server;
import org.projectchat.embedded.ServerProcess;
import org.projectchat.embedded.EmbeddedS3;
import org.projectchat.embedded.EmbeddedStack;
import org.projectchat.embedded.Ports;
import org.projectchat.embedded.identity.LocalIssuer;
import org.projectchat.contract.Topic;
import org.projectchat.contract.Actor;
import org.projectchat.contract.ChatEvent;
import org.projectchat.contract.EventEnvelope;
import org.projectchat.contract.EventEnvelopeSerializer;
import org.projectchat.contract.ParticipantRole;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import okhttp3.MediaType;
import okhttp3.MultipartBody;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * file-service upload throughput beside the raw S3 put rate of the same bytes through the MinIO
 * client, in the same run, at 1 MB and 25 MB. Usage: {@code ./bench.sh files [--seconds=10] [--sizes=1,25]}.
 */
public final class FileBenchmark {

    /** file-service's bucket (its default, files.bucket). */
    static final String SERVICE_BUCKET = "project-files";

    /**
     * The raw side's integrity checksum, the cheapest the client offers (its default, CRC32C, is
     * computed a byte at a time in Java). file-service sends the SHA-256 it computed as the signed
     * payload hash and a CRC32 checksum, both made as the upload arrived, and storage verifies both;
     * the client's own put computes SHA-256 for the signature and CRC32 for this.
     */
    static final Checksum.Algorithm CHECKSUM = Checksum.Algorithm.CRC32;

    /** Up to this size the client puts bytes in one request (its minimum part size). */
    static final long ONE_REQUEST_BYTES = 5L * 1024 * 1024;

    public static void main(String[] args) throws Exception {
        int seconds = Integer.parseInt(ChatBenchmark.arg(args, "seconds", "10"));
        // --sizes=1 for a quicker diagnostic run
        int[] sizes = java.util.Arrays.stream(ChatBenchmark.arg(args, "sizes", "1,25").split(",")).mapToInt(Integer::parseInt).toArray();
        Path root = Path.of(ChatBenchmark.arg(args, "root", ".")).toAbsolutePath().normalize();
        Path dir = root.resolve("bench/target/file-bench-data");
        EmbeddedStack.deleteRecursively(dir);
        Files.createDirectories(dir);
        System.out.printf("file-service benchmark — %d cores, %s, %d s per step%n%n",
                Runtime.getRuntime().availableProcessors(), Runtime.version(), seconds);
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"), 0);
             EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(dir.resolve("postgres"), 0, true, true);
             ServerProcess s3 = ServerProcess.start(Server.S3, dir.resolve("s3"), 0, dir.resolve("logs/s3.log"), "-Xmx1g")) {
            postgres.createDatabase("files");
            LocalIssuer issuer = LocalIssuer.inFolder(dir.resolve("issuer"));
            ServiceProcess files = ServiceProcess.start("file-service",
                    root.resolve("file-service/target/file-service-0.1.0-SNAPSHOT.jar"), Ports.free(),
                    ChatBenchmark.withSettings(args, Map.of("spring.datasource.url", postgres.jdbcUrl("files"),
                            "spring.kafka.bootstrap-servers", kafka.bootstrapServers(),
                            "projectchat.security.public-key", "file:" + dir.resolve("issuer/issuer-public.pem"),
                            "files.s3-endpoint", s3.address(),
                            "files.upload-dir", dir.resolve("uploads").toString(),
                            "logging.level.root", "WARN")),
                    dir.resolve("logs"), ChatBenchmark.jvmOptions(args, dir), false);
            try {
                files.awaitReady(Duration.ofSeconds(120));
                Processes processes = new Processes(files.pid(), s3.handle().pid(), dir.resolve("postgres"),
                        List.of(args).contains("--threads"));
                openProject(kafka);
                String token = issuer.mint("u-erik", "Erik", null, List.of("USER"), Duration.ofHours(1));
                MinioClient minio = MinioClient.builder().endpoint(s3.address())
                        .credentials(EmbeddedS3.ACCESS_KEY, EmbeddedS3.SECRET_KEY).build();
                if (!minio.bucketExists(BucketExistsArgs.builder().bucket("raw-bench").build())) {
                    minio.makeBucket(MakeBucketArgs.builder().bucket("raw-bench").build());
                }
                // wait until the roster has arrived
                byte[] probe = "probe".getBytes();
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (upload(files.url(), token, "probe.txt", probe) != 201 && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                }
                System.out.println("   Throughput at rising concurrency; the ratio compares the best of each (same bytes, same S3 server,");
                System.out.println("   same MinIO client; raw puts from the array with the client's SHA-256 payload signature and " + CHECKSUM);
                System.out.println("   checksum; file-service puts each file in one request signed with the SHA-256 it computed and a CRC32");
                System.out.println("   checksum, from memory up to 4 MiB, else from its spool file).");
                System.out.println("   CPU ms per file: what each process spent over the window divided by the files stored (svc = file-service;");
                System.out.println("   s3 = the S3 server's JVM; here = this JVM: the load generator and Kafka; pg = PostgreSQL).");
                System.out.println("   (client: the part of here spent by the threads making the requests: the load generator's HTTP client,");
                System.out.println("   or the MinIO client, on the calling thread)");
                System.out.println("   Raw: the client's put of the array (over 5 MiB it makes a multipart upload of 5 MiB parts) and, over");
                System.out.println("   5 MiB, the client's put in one request (a stream with one part of the whole size); the ratio uses the");
                System.out.println("   faster of the two.");
                for (int mb : sizes) {
                    byte[] content = text(mb * 1024 * 1024 - (mb == 25 ? 1 : 0));
                    Put service = () -> upload(files.url(), token, "load.txt", content) == 201;
                    // from the array: the client's cheapest put of bytes in memory
                    Put raw = () -> rawPut(minio, b -> b.data(content, content.length));
                    // one request however big (a single part), where the client would otherwise split the bytes
                    Put rawInOneRequest = content.length <= ONE_REQUEST_BYTES ? null : () -> rawPut(minio,
                            b -> b.stream(new java.io.ByteArrayInputStream(content), (long) content.length, (long) content.length));
                    // warm-up of both paths, so that neither is measured while its JIT is still compiling
                    String serviceWarm = JitWarmUp.until(JitWarmUp.service(files.url()),
                            d -> run(service, processes, minio, content.length, 4, (int) d.toSeconds()), Duration.ofSeconds(240));
                    String rawWarm = JitWarmUp.until(JitWarmUp.here(),
                            d -> run(raw, processes, minio, content.length, 4, (int) d.toSeconds()), Duration.ofSeconds(120));
                    System.out.printf("%n   %2d MB warm-up: file-service %s; raw %s%n", mb, serviceWarm, rawWarm);
                    int[] concurrencies = mb == 1 ? new int[]{2, 4, 8} : new int[]{1, 2, 4};
                    Best best = windows(mb, concurrencies, service, raw, rawInOneRequest, processes, minio, content.length,
                            seconds);
                    System.out.printf("   %2d MB best: file-service %.1f MB/s, raw %.1f MB/s: %.0f %% of raw%n", mb,
                            best.service(), best.raw(), best.percent());
                }
            } finally {
                files.close();
            }
        }
    }

    /** The best rates of a series of windows. */
    record Best(double service, double raw) {
        double percent() {
            return 100 * service / raw;
        }
    }

    /** Both paths at each concurrency, a row each; {@code rawInOneRequest} only where the client would split the bytes. */
    static Best windows(int mb, int[] concurrencies, Put service, Put raw, Put rawInOneRequest, Processes processes,
                        MinioClient minio, long bytes, int seconds) throws Exception {
        System.out.println("   size  conc.  file-service files/s   MB/s  CPU ms/file svc+s3+here+pg (client) |  raw files/s   MB/s  CPU s3+here (client) | one request MB/s");
        double bestService = 0;
        double bestRaw = 0;
        for (int concurrency : concurrencies) {
            Window viaService = run(service, processes, minio, bytes, concurrency, seconds);
            Window direct = run(raw, processes, minio, bytes, concurrency, seconds);
            double inOneRequest = rawInOneRequest != null
                    ? run(rawInOneRequest, processes, minio, bytes, concurrency, seconds).mbPerSecond() : direct.mbPerSecond();
            bestService = Math.max(bestService, viaService.mbPerSecond());
            bestRaw = Math.max(bestRaw, Math.max(direct.mbPerSecond(), inOneRequest));
            CpuTimes svc = viaService.cpuPerFile();
            CpuTimes rawCpu = direct.cpuPerFile();
            System.out.printf("   %2d MB %5d  %20.1f  %5.1f  %4.1f+%5.1f+%4.1f+%4.1f = %5.1f (%4.1f) |  %11.1f  %5.1f  %5.1f+%4.1f = %5.1f (%4.1f) | %16s%n",
                    mb, concurrency, viaService.filesPerSecond(), viaService.mbPerSecond(), svc.service(), svc.s3(), svc.here(),
                    svc.postgres(), svc.total(), viaService.clientMsPerFile(), direct.filesPerSecond(), direct.mbPerSecond(),
                    rawCpu.s3(), rawCpu.here(), rawCpu.total(), direct.clientMsPerFile(),
                    rawInOneRequest != null ? "%.1f".formatted(inOneRequest) : "(same)");
        }
        return new Best(bestService, bestRaw);
    }

    static void openProject(EmbeddedKafka kafka) throws Exception {
        var opened = new ChatEvent.ProjectChatOpened("bench-files", "Bench", List.of(
                new ChatEvent.Participant("u-erik", "Erik", "erik", null, ParticipantRole.EXPERT, "UTC")));
        try (var producer = new KafkaProducer<String, EventEnvelope<?>>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka.bootstrapServers()), new StringSerializer(), new EventEnvelopeSerializer())) {
            producer.send(new ProducerRecord<>(Topic.CHAT_EVENTS.name(), "bench-files", EventEnvelope.of("bench-files", 1,
                    Instant.now(), new Actor("svc", "bench", "PLATFORM_SERVICE"), null, null, null, opened))).get();
        }
    }

    /** One upload or put of the file; true when it was stored. */
    interface Put {
        boolean once() throws Exception;
    }

    /** A timed window: its rates, and the CPU each process spent on it per stored file. */
    record Window(double filesPerSecond, double mbPerSecond, CpuTimes cpuPerFile, double clientMsPerFile) {
    }

    /**
     * The processes the upload paths run on, whose CPU every window measures; with {@code byThread}
     * ({@code --threads}) each window also prints which of their threads spent it.
     */
    record Processes(long service, long s3, Path postgresDir, boolean byThread) {
        CpuTimes cpu() {
            return CpuTimes.now(service, s3, postgresDir);
        }

        /** Each process's threads' CPU so far, when asked for by thread. */
        ThreadCpu.Since threads() {
            return ThreadCpu.Since.now(byThread
                    ? Map.of("here", ProcessHandle.current().pid(), "s3", s3, "svc", service) : Map.of());
        }
    }

    static boolean rawPut(MinioClient minio, java.util.function.UnaryOperator<PutObjectArgs.Builder> content) throws Exception {
        minio.putObject(content.apply(PutObjectArgs.builder().bucket("raw-bench").object("raw/" + UUID.randomUUID()))
                .contentType("text/plain").checksum(CHECKSUM).build());
        return true;
    }

    /** Puts at the given concurrency for the given time; empties the buckets after, outside the timing. */
    static Window run(Put put, Processes processes, MinioClient minio, long bytes, int concurrency, int seconds)
            throws Exception {
        AtomicLong done = new AtomicLong();
        AtomicLong clientNanos = new AtomicLong();
        CpuTimes before = processes.cpu();
        var threadsBefore = processes.threads();
        long start = System.nanoTime();
        long end = start + seconds * 1_000_000_000L;
        try (var pool = Executors.newFixedThreadPool(concurrency)) {
            List<Future<?>> workers = new java.util.ArrayList<>();
            for (int c = 0; c < concurrency; c++) {
                workers.add(pool.submit(() -> {
                    long cpuAtStart = ThreadCpu.currentThreadNanos();
                    while (System.nanoTime() < end) {
                        if (put.once()) {
                            done.incrementAndGet();
                        }
                    }
                    clientNanos.addAndGet(ThreadCpu.currentThreadNanos() - cpuAtStart);
                    return null;
                }));
            }
            for (Future<?> w : workers) {
                w.get();
            }
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        CpuTimes spent = processes.cpu().minus(before);
        threadsBefore.print(done.get(), 12);
        emptyBuckets(minio);
        double filesPerSecond = done.get() / elapsed;
        return new Window(filesPerSecond, filesPerSecond * bytes / (1024.0 * 1024.0), spent.per(done.get()),
                clientNanos.get() / 1e6 / Math.max(1, done.get()));
    }

    /** CPU time (ms) of the processes the upload paths run on: file-service, the S3 server, this JVM, PostgreSQL (all its processes, ended ones included). */
    record CpuTimes(double service, double s3, double here, double postgres) {
        static CpuTimes now(long servicePid, long s3Pid, Path postgresDir) {
            double postgres = EmbeddedPostgresServer.cpuMillis(postgresDir);
            return new CpuTimes(ProcessHandle.of(servicePid).map(ProcessCpu::millis).orElse(0.0),
                    ProcessHandle.of(s3Pid).map(ProcessCpu::millis).orElse(0.0), ProcessCpu.millis(ProcessHandle.current()), postgres);
        }

        CpuTimes minus(CpuTimes before) {
            return new CpuTimes(service - before.service, s3 - before.s3, here - before.here, postgres - before.postgres);
        }

        CpuTimes per(long files) {
            return files == 0 ? this : new CpuTimes(service / files, s3 / files, here / files, postgres / files);
        }

        double total() {
            return service + s3 + here + postgres;
        }
    }

    /**
     * Removes what a window stored, outside its timing: minutes of warm-up at 25 MB fill tens of GB
     * (a run once filled the disk).
     */
    static void emptyBuckets(MinioClient minio) throws Exception {
        for (String bucket : List.of("raw-bench", SERVICE_BUCKET)) {
            if (!minio.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) {
                continue;
            }
            List<DeleteRequest.Object> objects = new java.util.ArrayList<>();
            for (Result<Item> item : minio.listObjects(ListObjectsArgs.builder().bucket(bucket).recursive(true).build())) {
                objects.add(new DeleteRequest.Object(item.get().objectName()));
            }
            for (int from = 0; from < objects.size(); from += 1000) {
                for (var error : minio.removeObjects(RemoveObjectsArgs.builder().bucket(bucket)
                        .objects(objects.subList(from, Math.min(objects.size(), from + 1000))).build())) {
                    error.get(); // the deletes happen as the results are read
                }
            }
        }
    }

    /**
     * Uploads go through OkHttp ({@link ChatBenchmark#OK_HTTP}), the HTTP client the MinIO client of the
     * raw side runs on, so that both sides pay the same per-byte cost for sending (the JDK's HttpClient
     * spent ~5 ms of CPU per 1 MB upload here, more than the service's multipart parsing).
     */
    static int upload(String url, String token, String name, byte[] content) {
        MultipartBody body = new MultipartBody.Builder().setType(MultipartBody.FORM)
                .addFormDataPart("file", name, RequestBody.create(content, MediaType.get("text/plain"))).build();
        Request request = new Request.Builder().url(url + "/projects/bench-files/files")
                .header("Authorization", "Bearer " + token).post(body).build();
        try (Response response = ChatBenchmark.OK_HTTP.newCall(request).execute()) {
            return response.code();
        } catch (Exception e) {
            return -1;
        }
    }

    static byte[] text(int size) {
        byte[] line = "The quick brown fox jumps over the lazy dog; 0123456789.\n".getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[size];
        for (int i = 0; i < size; i++) {
            out[i] = line[i % line.length];
        }
        return out;
    }
}
