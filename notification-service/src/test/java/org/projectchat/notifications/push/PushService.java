package org.projectchat.notifications.push;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A push service (RFC 8030) on loopback, as a test's stand-in for a browser vendor's: it checks each request's VAPID
 * token (RFC 8292: ES256 signature by the key in {@code k}, audience, expiry), decrypts the payload with the
 * subscribed browser's private key (RFC 8291), and answers as told per subscription (201, 410, 429 with Retry-After).
 */
public final class PushService implements AutoCloseable {

    /** One push as the service received it. */
    public record Received(String subscription, String ttl, String urgency, String topic, String vapidKey, boolean vapidValid,
                           String audience, String payload, String error) {
    }

    /** How to answer a subscription's next pushes: a status and, for 429/503, a Retry-After. */
    public record Answer(int status, String retryAfter) {
    }

    private static final Pattern VAPID = Pattern.compile("vapid t=([^,\\s]+),\\s*k=([A-Za-z0-9_-]+)");

    private final HttpServer server;
    private final Map<String, Browser> browsers = new ConcurrentHashMap<>();
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    private final List<Received> received = new CopyOnWriteArrayList<>();

    public PushService() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/push/", exchange -> {
            String id = exchange.getRequestURI().getPath().substring("/push/".length());
            byte[] body = exchange.getRequestBody().readAllBytes();
            var headers = exchange.getRequestHeaders();
            String authorization = headers.getFirst("Authorization");
            String key = null;
            boolean valid = false;
            String audience = null;
            String error = null;
            Matcher m = authorization == null ? null : VAPID.matcher(authorization);
            if (m != null && m.matches()) {
                key = m.group(2);
                try {
                    String[] jwt = m.group(1).split("\\.");
                    Signature es256 = Signature.getInstance("SHA256withECDSAinP1363Format");
                    es256.initVerify(publicKey(Base64.getUrlDecoder().decode(key)));
                    es256.update((jwt[0] + "." + jwt[1]).getBytes(StandardCharsets.US_ASCII));
                    String claims = new String(Base64.getUrlDecoder().decode(jwt[1]), StandardCharsets.UTF_8);
                    String header = new String(Base64.getUrlDecoder().decode(jwt[0]), StandardCharsets.UTF_8);
                    audience = claims.replaceAll(".*\"aud\":\"([^\"]+)\".*", "$1");
                    long exp = Long.parseLong(claims.replaceAll(".*\"exp\":(\\d+).*", "$1"));
                    valid = es256.verify(Base64.getUrlDecoder().decode(jwt[2])) && header.contains("\"ES256\"")
                            && exp > Instant.now().getEpochSecond() - 86400 * 365 && claims.contains("\"sub\":\"mailto:");
                } catch (Exception e) {
                    error = "vapid: " + e;
                }
            }
            String payload = null;
            Browser browser = browsers.get(id);
            if (browser != null && "aes128gcm".equals(headers.getFirst("Content-Encoding"))) {
                try {
                    payload = browser.decrypt(body);
                } catch (Exception e) {
                    error = "decrypt: " + e;
                }
            }
            received.add(new Received(id, headers.getFirst("TTL"), headers.getFirst("Urgency"), headers.getFirst("Topic"), key, valid,
                    audience, payload, error));
            Answer answer = answers.getOrDefault(id, new Answer(201, null));
            if (answer.retryAfter() != null) {
                exchange.getResponseHeaders().add("Retry-After", answer.retryAfter());
            }
            exchange.sendResponseHeaders(answer.status(), -1);
            exchange.close();
        });
        server.start();
    }

    /** A new browser subscribed here: its endpoint and keys. */
    public String subscribe(String id, Browser browser) {
        browsers.put(id, browser);
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/push/" + id;
    }

    public String origin() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public void answer(String id, Answer answer) {
        answers.put(id, answer);
    }

    public List<Received> received(String id) {
        return received.stream().filter(r -> r.subscription().equals(id)).toList();
    }

    private static ECPublicKey publicKey(byte[] uncompressed) throws Exception {
        ECPoint point = new ECPoint(new BigInteger(1, Arrays.copyOfRange(uncompressed, 1, 33)),
                new BigInteger(1, Arrays.copyOfRange(uncompressed, 33, 65)));
        return (ECPublicKey) KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(point, EcKeys.P256));
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
