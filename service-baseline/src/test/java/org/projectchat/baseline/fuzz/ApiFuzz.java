package org.projectchat.baseline.fuzz;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * A fuzz test of a service's HTTP API, generated from its own OpenAPI document: every operation is called with valid
 * and broken parameters (wrong types, bad percent-encoding, path traversal), bodies (missing, extra and wrongly typed
 * fields, huge and deeply nested JSON, invalid UTF-8, truncated), content types, odd headers and forged or oddly
 * claimed tokens; then the container is sent requests it must refuse itself (invalid header names, bad lengths, a
 * bad request line). What must hold: no 5xx, and every 4xx is RFC 9457 problem+json.
 *
 * <p>Deterministic for a seed; {@code -Dfuzz.cases=N} runs more cases.
 */
public final class ApiFuzz {

    /** The kinds of token a request is sent with. */
    public enum TokenKind {
        VALID, STAFF, PLATFORM, NONE, GARBAGE, FORGED, EXPIRED, NO_SUB, NO_EXP, NO_ISS, NO_AUD, WRONG_ISS, WRONG_AUD,
        ROLES_NULL, ROLES_STRING, ALG_NONE, BLANK_SUB
    }

    /**
     * @param pathValues values for path parameters by name (a real project id, a real message id), used in most cases
     * @param tokens     a token (or null for none) of each kind, as the service's issuer would mint it or not
     */
    public record Target(String baseUrl, Map<String, String> pathValues, Function<TokenKind, String> tokens) {
    }

    /** What the run saw: cases by status class, and the cases that broke a rule, each with what was sent. */
    public record Report(int cases, Map<String, Integer> byStatusClass, List<String> failures, List<String> notes) {
        public String summary() {
            return cases + " cases, by status: " + byStatusClass + (failures.isEmpty() ? "" : "; " + failures.size() + " failures")
                    + (notes.isEmpty() ? "" : "; " + notes.size() + " container refusals without problem+json (allowed)");
        }
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final HttpClient HTTP = client();

    private static HttpClient client() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    }

    private final Target target;
    private final Random random;
    private final JsonNode api;
    private final List<Operation> operations = new ArrayList<>();
    private final Map<String, Integer> byStatus = new TreeMap<>();
    private final List<String> failures = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private int cases;

    /** @param stream whether it answers with Server-Sent Events (only its status and headers are read) */
    private record Operation(String method, String path, List<JsonNode> parameters, JsonNode requestBody, boolean stream) {
    }

    private ApiFuzz(Target target, long seed) {
        this.target = target;
        this.random = new Random(seed);
        try {
            this.api = JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create(target.baseUrl() + "/v3/api-docs")).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
        } catch (Exception e) {
            throw new IllegalStateException("no OpenAPI document at " + target.baseUrl(), e);
        }
        for (Map.Entry<String, JsonNode> path : api.get("paths").properties()) {
            for (Map.Entry<String, JsonNode> op : path.getValue().properties()) {
                List<JsonNode> parameters = new ArrayList<>();
                op.getValue().path("parameters").forEach(parameters::add);
                boolean stream = op.getValue().path("responses").toString().contains("text/event-stream");
                operations.add(new Operation(op.getKey().toUpperCase(), path.getKey(), parameters, op.getValue().get("requestBody"),
                        stream));
            }
        }
    }

    /** Runs {@code cases} generated cases (at least one per operation) and the container's refusals. */
    public static Report run(Target target, long seed, int cases) {
        ApiFuzz fuzz = new ApiFuzz(target, seed);
        for (int i = 0; i < Math.max(cases, fuzz.operations.size()); i++) {
            fuzz.fuzzCase(fuzz.operations.get(i % fuzz.operations.size()));
        }
        fuzz.containerRefusals();
        return new Report(fuzz.cases, fuzz.byStatus, fuzz.failures, fuzz.notes);
    }

    // ------------------------------------------------------------------ one case

    private void fuzzCase(Operation op) {
        int mutation = random.nextInt(10);
        TokenKind token = mutation == 7 ? pick(TokenKind.values()) : random.nextInt(4) == 0 ? TokenKind.STAFF : TokenKind.VALID;
        StringBuilder path = new StringBuilder();
        String template = op.path();
        int at = 0;
        while (at < template.length()) {
            int open = template.indexOf('{', at);
            if (open < 0) {
                path.append(template, at, template.length());
                break;
            }
            path.append(template, at, open);
            int close = template.indexOf('}', open);
            String name = template.substring(open + 1, close);
            path.append(mutation == 1 && random.nextBoolean() ? badPathValue() : pathValue(name));
            at = close + 1;
        }
        List<String> query = new ArrayList<>();
        for (JsonNode p : op.parameters()) {
            if (!"query".equals(p.path("in").asString())) {
                continue;
            }
            String name = p.get("name").asString();
            if (mutation == 2 && random.nextBoolean()) {
                query.add(name + "=" + badQueryValue());
            } else if (p.path("required").asBoolean() || random.nextBoolean()) {
                query.add(name + "=" + encode(sampleScalar(p.path("schema"), name)));
            }
        }
        if (mutation == 2 && random.nextInt(3) == 0) {
            query.add("unknown" + random.nextInt(9) + "=" + badQueryValue());
        }
        String url = target.baseUrl() + path + (query.isEmpty() ? "" : "?" + String.join("&", query));

        String contentType = null;
        byte[] body = null;
        if (op.requestBody() != null) {
            JsonNode content = op.requestBody().path("content");
            String declared = content.propertyNames().iterator().hasNext() ? content.propertyNames().iterator().next() : "application/json";
            JsonNode schema = resolve(content.path(declared).path("schema"));
            if (declared.startsWith("multipart/")) {
                String boundary = "fuzz" + random.nextInt(1_000_000);
                contentType = "multipart/form-data; boundary=" + boundary;
                body = multipart(boundary, schema, mutation);
            } else {
                contentType = "application/json";
                body = jsonBody(schema, mutation);
            }
            if (mutation == 5) {
                contentType = pick(new String[]{"*/*", "application/*", "multipart/form-data", "text/plain", "application/xml",
                        "application/json; charset=latin-1", ";;;", "application/x-www-form-urlencoded", "multipart/form-data; boundary="});
            }
        } else if (mutation == 4) {
            contentType = "application/json";
            body = "{\"unexpected\":true}".getBytes(StandardCharsets.UTF_8);
        }
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20));
            String bearer = target.tokens().apply(token);
            if (bearer != null) {
                request.header("Authorization", token == TokenKind.GARBAGE && random.nextBoolean() ? bearer : "Bearer " + bearer);
            }
            if (contentType != null) {
                request.header("Content-Type", contentType);
            }
            if (mutation == 6) {
                switch (random.nextInt(4)) {
                    case 0 -> request.header("Accept", pick(new String[]{";;;", "*/*;q=x", "application/", "text/html"}));
                    case 1 -> request.header("X-Long", "x".repeat(6000));
                    case 2 -> request.header("X-Correlation-Id", "c".repeat(500));
                    default -> request.header("traceparent", "00-zz-yy-01");
                }
            }
            request.method(op.method(), body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
            String sent = op.method() + " " + url + " token=" + token + " type=" + contentType + " body=" + preview(body);
            if (op.stream()) {
                // a stream that opens stays open: its status and headers are the answer
                HttpResponse<InputStream> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
                try (InputStream events = response.body()) {
                    byte[] problem = response.statusCode() >= 400 ? events.readAllBytes() : new byte[0];
                    record(sent, response.statusCode(), response.headers().firstValue("Content-Type").orElse(""), problem, false);
                }
                return;
            }
            HttpResponse<byte[]> response;
            try {
                response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            } catch (IOException reusedConnectionClosed) {
                // the client may have sent this on a kept-alive connection the server was closing after the previous
                // exchange (the JDK client retries only idempotent requests by itself): once more on a connection of
                // its own; a request the server really leaves unanswered fails there too
                try (HttpClient fresh = client()) {
                    response = fresh.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
                }
                notes.add(sent + " -> answered only on a new connection (" + reusedConnectionClosed + ")");
            }
            record(sent, response.statusCode(), response.headers().firstValue("Content-Type").orElse(""), response.body(), false);
        } catch (IllegalArgumentException refusedByTheClient) {
            // a URI or header the JDK client will not send: nothing reached the server
        } catch (IOException | InterruptedException e) {
            failures.add("no answer to " + op.method() + " " + url + ": " + e);
        }
    }

    private void record(String sent, int status, String contentType, byte[] body, boolean container) {
        cases++;
        byStatus.merge(status / 100 + "xx", 1, Integer::sum);
        String answer = status + " " + contentType + " " + preview(body);
        // 501 (a method or transfer coding it does not implement) and 505 (an HTTP version it does not speak) are the
        // container's right answers to those requests (RFC 9110, RFC 9112)
        if (status >= 500 && !(container && (status == 501 || status == 505))) {
            failures.add(sent + " -> " + answer);
        } else if (status >= 400 && !contentType.startsWith("application/problem+json")) {
            (container ? notes : failures).add(sent + " -> " + answer);
        }
    }

    // ------------------------------------------------------------------ values

    private String pathValue(String name) {
        String known = target.pathValues().get(name);
        if (known != null && random.nextInt(20) > 0) {
            return known;
        }
        return pick(new String[]{"unknown-" + random.nextInt(1000), "0193a6f2-4c1e-7b3a-9d2e-5f6a7b8c9d0e", "x"});
    }

    private String badPathValue() {
        return pick(new String[]{"..%2F..%2Fetc%2Fpasswd", "%2e%2e", "%00", "a%zz", "%ff%fe", "x".repeat(3000),
                "%E2%80%AE", "..;", "%2F", "a%0Ab", "%C0%AE%C0%AE", "%F0%9F%98%80", "-1", "null", "' or 1=1 --"});
    }

    private String badQueryValue() {
        return pick(new String[]{"%zz", "%ff", "abc", "-1", "0", "99999999999999999999", "1e309", "true", "", "%00",
                "x".repeat(5000), "NaN", "[]", "%E0%80", "2026-13-45", "%"});
    }

    private String sampleScalar(JsonNode schema, String name) {
        JsonNode s = resolve(schema);
        if (s.has("enum")) {
            return s.get("enum").get(random.nextInt(s.get("enum").size())).asString();
        }
        return switch (s.path("type").asString("string")) {
            case "integer", "number" -> Integer.toString(s.has("minimum") ? s.get("minimum").asInt() + 1 : 10);
            case "boolean" -> Boolean.toString(random.nextBoolean());
            default -> name.toLowerCase().contains("id") && target.pathValues().containsKey(name) ? target.pathValues().get(name) : "fuzz";
        };
    }

    private JsonNode resolve(JsonNode schema) {
        JsonNode s = schema;
        for (int i = 0; i < 10 && s.has("$ref"); i++) {
            String ref = s.get("$ref").asString();
            s = api.at(ref.substring(1));
        }
        return s;
    }

    /** A value the schema allows, with names and ids the target knows where it can. */
    private JsonNode sample(JsonNode schema, String name, int depth) {
        JsonNode s = resolve(schema);
        if (s.has("enum")) {
            return s.get("enum").get(random.nextInt(s.get("enum").size()));
        }
        String type = s.path("type").asString(s.has("properties") ? "object" : "string");
        return switch (type) {
            case "object" -> {
                ObjectNode object = NODES.objectNode();
                if (depth < 4) {
                    for (Map.Entry<String, JsonNode> p : s.path("properties").properties()) {
                        object.set(p.getKey(), sample(p.getValue(), p.getKey(), depth + 1));
                    }
                }
                yield object;
            }
            case "array" -> {
                ArrayNode array = NODES.arrayNode();
                if (depth < 4 && random.nextBoolean()) {
                    array.add(sample(s.path("items"), name, depth + 1));
                }
                yield array;
            }
            case "integer", "number" -> NODES.numberNode(random.nextInt(50));
            case "boolean" -> NODES.booleanNode(random.nextBoolean());
            default -> NODES.stringNode(target.pathValues().getOrDefault(name, "fuzz " + name));
        };
    }

    private byte[] jsonBody(JsonNode schema, int mutation) {
        JsonNode body = sample(schema, "body", 0);
        if (mutation == 3 && body instanceof ObjectNode object) {
            List<String> names = new ArrayList<>();
            object.propertyNames().forEach(names::add);
            String field = names.isEmpty() ? "field" : pick(names.toArray(String[]::new));
            switch (random.nextInt(8)) {
                case 0 -> object.remove(field);
                case 1 -> object.put(field, random.nextInt());
                case 2 -> object.putNull(field);
                case 3 -> object.put(field, "x".repeat(300_000));
                case 4 -> object.set(field, NODES.arrayNode().add(NODES.objectNode()));
                case 5 -> object.put("extra" + random.nextInt(9), "surplus");
                case 6 -> object.put(field, true);
                default -> object.set(field, NODES.objectNode().put("nested", "x"));
            }
            return JSON.writeValueAsBytes(object);
        }
        if (mutation == 4) {
            return switch (random.nextInt(8)) {
                case 0 -> "[".repeat(50_000).getBytes(StandardCharsets.UTF_8);
                case 1 -> "{\"a\":".repeat(20_000).getBytes(StandardCharsets.UTF_8);
                case 2 -> new byte[]{'{', '"', 'b', 'o', 'd', 'y', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
                case 3 -> Arrays.copyOf(JSON.writeValueAsBytes(body), Math.max(1, JSON.writeValueAsBytes(body).length / 2));
                case 4 -> new byte[0];
                case 5 -> "not json at all".getBytes(StandardCharsets.UTF_8);
                case 6 -> "[1, 2, 3]".getBytes(StandardCharsets.UTF_8);
                default -> "\"just a string\"".getBytes(StandardCharsets.UTF_8);
            };
        }
        return JSON.writeValueAsBytes(body);
    }

    private byte[] multipart(String boundary, JsonNode schema, int mutation) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String part = mutation == 3 ? pick(new String[]{"file", "other", ""}) : "file";
        String head = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + part + "\"; filename=\""
                + pick(new String[]{"notes.txt", "../../etc/passwd", "", "a\u0000b.txt", "x".repeat(600)}) + "\"\r\n"
                + "Content-Type: text/plain\r\n\r\n";
        out.writeBytes(head.getBytes(StandardCharsets.UTF_8));
        out.writeBytes(("fuzz text " + random.nextInt()).getBytes(StandardCharsets.UTF_8));
        if (mutation != 4) {
            out.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    // ------------------------------------------------------------------ the container's own refusals

    private void containerRefusals() {
        URI base = URI.create(target.baseUrl());
        String host = base.getHost() + ":" + base.getPort();
        String auth = "Authorization: Bearer " + target.tokens().apply(TokenKind.VALID) + "\r\n";
        String path = operations.isEmpty() ? "/" : operations.getFirst().path().replaceAll("\\{[^}]+}", "x");
        List<String> raw = List.of(
                "GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nBad Header: x\r\n" + auth + "\r\n",
                "POST " + path + " HTTP/1.1\r\nHost: " + host + "\r\nContent-Length: abc\r\n" + auth + "\r\n",
                "GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\n" + "X-Many: y\r\n".repeat(300) + auth + "\r\n",
                "GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nX-Huge: " + "z".repeat(70_000) + "\r\n" + auth + "\r\n",
                "GET /a%00b HTTP/1.1\r\nHost: " + host + "\r\n" + auth + "\r\n",
                "GET /%2e%2e/%2e%2e/etc/passwd HTTP/1.1\r\nHost: " + host + "\r\n" + auth + "\r\n",
                "GET /" + "u".repeat(20_000) + " HTTP/1.1\r\nHost: " + host + "\r\n" + auth + "\r\n",
                "POST " + path + " HTTP/1.1\r\nHost: " + host + "\r\nExpect: garbage\r\nContent-Length: 2\r\n" + auth + "\r\n{}",
                "GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nAccept: ;;;\r\n" + auth + "\r\n",
                "POST " + path + " HTTP/1.1\r\nHost: " + host + "\r\nTransfer-Encoding: gzip-fuzz\r\n" + auth + "\r\n",
                "CONNECT " + host + " HTTP/1.1\r\nHost: " + host + "\r\n\r\n",
                "GET " + path + " HTTP/1.1\r\n" + auth + "\r\n",
                "GET " + path + " HTTP/9.9\r\nHost: " + host + "\r\n\r\n",
                "BREW " + path + " HTTP/1.1\r\nHost: " + host + "\r\n" + auth + "\r\n",
                "GET " + path + "?q=%zz HTTP/1.1\r\nHost: " + host + "\r\n" + auth + "\r\n",
                "GET /error HTTP/1.1\r\nHost: " + host + "\r\n\r\n",
                "GET /error HTTP/1.1\r\nHost: " + host + "\r\n" + auth + "\r\n");
        for (String request : raw) {
            rawRequest(base, request);
        }
    }

    private void rawRequest(URI base, String request) {
        String firstLine = request.substring(0, Math.min(request.indexOf('\r'), 120));
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(15_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            socket.shutdownOutput();
            byte[] answer = readAll(socket.getInputStream());
            String text = new String(answer, StandardCharsets.ISO_8859_1);
            if (text.isEmpty()) {
                cases++;
                byStatus.merge("no answer", 1, Integer::sum);
                notes.add(firstLine + " -> connection closed without an answer");
                return;
            }
            String statusLine = text.substring(0, Math.max(0, text.indexOf('\r')));
            int status = Integer.parseInt(statusLine.split(" ")[1]);
            String contentType = "";
            for (String line : text.substring(0, Math.max(0, text.indexOf("\r\n\r\n"))).split("\r\n")) {
                if (line.regionMatches(true, 0, "Content-Type:", 0, 13)) {
                    contentType = line.substring(13).strip();
                }
            }
            int bodyAt = text.indexOf("\r\n\r\n");
            record("raw: " + firstLine, status, contentType,
                    bodyAt < 0 ? new byte[0] : text.substring(bodyAt + 4).getBytes(StandardCharsets.ISO_8859_1), true);
        } catch (IOException | RuntimeException e) {
            cases++;
            byStatus.merge("no answer", 1, Integer::sum);
            notes.add(firstLine + " -> " + e);
        }
    }

    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        int n;
        try {
            while ((n = in.read(buffer)) > 0 && out.size() < 1_000_000) {
                out.write(buffer, 0, n);
            }
        } catch (java.net.SocketTimeoutException | java.net.SocketException done) {
            // what arrived is the answer
        }
        return out.toByteArray();
    }

    // ------------------------------------------------------------------ helpers

    private <T> T pick(T[] values) {
        return values[random.nextInt(values.length)];
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String preview(byte[] bytes) {
        if (bytes == null) {
            return "-";
        }
        String s = new String(bytes, 0, Math.min(bytes.length, 160), StandardCharsets.UTF_8).replaceAll("\\s+", " ");
        return bytes.length > 160 ? s + "…(" + bytes.length + " bytes)" : s;
    }
}
