package org.projectchat.notifications.push;

import io.micrometer.core.instrument.MeterRegistry;
import org.projectchat.contract.EventJson;
import org.projectchat.eventsourcing.notify.PostgresNotifications;
import org.projectchat.notifications.deliveries.Channel;
import org.projectchat.notifications.deliveries.DeliveryQueue;
import org.projectchat.notifications.deliveries.Dispatcher;
import org.projectchat.notifications.deliveries.Recheck;
import org.projectchat.notifications.inbox.Inbox;
import org.projectchat.notifications.links.Links;
import org.springframework.stereotype.Component;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Sends due pushes (RFC 8030) to every browser a user subscribed: the payload encrypted for each (RFC 8291), signed
 * with VAPID (RFC 8292), with {@code TTL} and {@code Urgency} ({@code high} for urgent matters). A 404 or 410 removes
 * the subscription; 429 and 5xx are tried again after the push service's {@code Retry-After}, else with back-off.
 * What waited (Do Not Disturb, hours) goes as one summary push.
 */
@Component
public class PushDispatcher extends Dispatcher {

    private final PushSubscriptions subscriptions;
    private final Vapid vapid;
    private final PushProperties properties;
    private final Links links;
    private final Clock clock;
    private final HttpClient http;

    public PushDispatcher(DeliveryQueue queue, Recheck recheck, Clock clock, PushProperties properties,
                          PostgresNotifications notifications, MeterRegistry meters, PushSubscriptions subscriptions, Vapid vapid,
                          Links links) {
        super(Channel.PUSH, queue, recheck, clock, properties.dispatch(), notifications, meters);
        this.subscriptions = subscriptions;
        this.vapid = vapid;
        this.properties = properties;
        this.links = links;
        this.clock = clock;
        this.http = HttpClient.newBuilder().connectTimeout(properties.timeout()).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** What a browser's service worker gets, decrypted: enough to show a notification and open the message. */
    public record Payload(String title, String body, String url, String tag, boolean urgent, int count) {
    }

    @Override
    protected List<Result> send(String userId, List<Ready> single, List<Ready> together) {
        List<PushSubscriptions.Subscription> browsers = subscriptions.of(userId);
        List<Result> results = new ArrayList<>();
        if (browsers.isEmpty()) {
            List<Long> ids = new ArrayList<>();
            single.forEach(r -> ids.add(r.due().id()));
            together.forEach(r -> ids.add(r.due().id()));
            results.add(new Failed(ids, "no push subscription left"));
            return results;
        }
        for (Ready ready : single) {
            Recheck.Message m = ready.message();
            Payload payload = new Payload(m.authorName() + " in " + m.projectTitle(), Inbox.excerpt(m.body()),
                    links.message(m.projectId(), m.messageId()), m.messageId(), m.urgent(), 1);
            results.add(push(browsers, payload, m.urgent(), List.of(ready.due().id())));
        }
        if (!together.isEmpty()) {
            Map<String, Integer> perProject = new LinkedHashMap<>();
            together.forEach(r -> perProject.merge(r.message().projectTitle(), 1, Integer::sum));
            StringBuilder body = new StringBuilder();
            perProject.forEach((title, n) -> body.append(body.isEmpty() ? "" : ", ").append(title).append(": ").append(n));
            boolean urgent = together.stream().anyMatch(r -> r.message().urgent());
            Payload payload = new Payload(together.size() + (together.size() == 1 ? " notification" : " notifications")
                    + " while you were away", body.toString(), links.inbox(), "digest", urgent, together.size());
            results.add(push(browsers, payload, urgent, together.stream().map(r -> r.due().id()).toList()));
        }
        return results;
    }

    /** A test push to every browser of the user, now, whatever their settings hold back; null when they have none. */
    public Result sendTest(String userId) {
        List<PushSubscriptions.Subscription> browsers = subscriptions.of(userId);
        if (browsers.isEmpty()) {
            return null;
        }
        return push(browsers, new Payload("Test notification", "Browser notifications from Project Chat reach this browser.",
                links.notificationSettings(), "test", false, 1), false, List.of());
    }

    /** One payload to each browser: delivered if any took it. */
    private Result push(List<PushSubscriptions.Subscription> browsers, Payload payload, boolean urgent, List<Long> ids) {
        byte[] plaintext = EventJson.mapper().writeValueAsString(payload).getBytes(StandardCharsets.UTF_8);
        int delivered = 0;
        Duration retryAfter = null;
        List<String> errors = new ArrayList<>();
        boolean retryable = false;
        for (PushSubscriptions.Subscription browser : browsers) {
            Instant now = clock.instant();
            try {
                byte[] body = PushEncryption.encrypt(plaintext, Base64.getUrlDecoder().decode(browser.p256dh()),
                        Base64.getUrlDecoder().decode(browser.auth()));
                HttpRequest request = HttpRequest.newBuilder(URI.create(browser.endpoint())).timeout(properties.timeout())
                        .header("TTL", Long.toString(properties.ttl().toSeconds()))
                        .header("Urgency", urgent ? "high" : "normal")
                        .header("Topic", topic(payload.tag()))
                        .header("Content-Encoding", "aes128gcm")
                        .header("Content-Type", "application/octet-stream")
                        .header("Authorization", vapid.authorization(browser.endpoint(), now))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                int status = response.statusCode();
                if (status >= 200 && status < 300) {
                    delivered++;
                    subscriptions.succeeded(browser.id(), now);
                } else if (status == 404 || status == 410) {
                    subscriptions.expired(browser.id()); // the browser unsubscribed, or the subscription expired
                    errors.add(status + " subscription gone");
                } else if (status == 429 || status >= 500) {
                    retryable = true;
                    Duration wait = retryAfter(response, now);
                    retryAfter = wait == null ? retryAfter : retryAfter == null || wait.compareTo(retryAfter) > 0 ? wait : retryAfter;
                    subscriptions.failed(browser.id(), now, "HTTP " + status);
                    errors.add("HTTP " + status);
                } else {
                    subscriptions.failed(browser.id(), now, "HTTP " + status + " " + shorten(response.body()));
                    errors.add("HTTP " + status);
                }
            } catch (GeneralSecurityException | IllegalArgumentException e) {
                subscriptions.failed(browser.id(), now, "cannot encrypt for this subscription: " + e.getMessage());
                errors.add("bad subscription keys");
            } catch (java.io.IOException e) {
                retryable = true;
                subscriptions.failed(browser.id(), now, e.toString());
                errors.add(e.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Retry(ids, "interrupted", null);
            }
        }
        if (delivered > 0) {
            return new Sent(ids, "pushed to " + delivered + " of " + browsers.size() + " browsers");
        }
        String error = String.join("; ", errors);
        return retryable ? new Retry(ids, error, retryAfter) : new Failed(ids, error);
    }

    /** Retry-After as seconds or an HTTP date; null when absent or unreadable. */
    static Duration retryAfter(HttpResponse<?> response, Instant now) {
        String value = response.headers().firstValue("Retry-After").orElse(null);
        if (value == null) {
            return null;
        }
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(value.trim())));
        } catch (NumberFormatException notSeconds) {
            try {
                Duration d = Duration.between(now, ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
                return d.isNegative() ? Duration.ZERO : d;
            } catch (DateTimeParseException unreadable) {
                return null;
            }
        }
    }

    /** RFC 8030 Topic: at most 32 characters of the URL-safe base64 alphabet; a newer push replaces an older one. */
    static String topic(String tag) {
        String safe = tag.replaceAll("[^A-Za-z0-9_-]", "");
        return safe.length() > 32 ? safe.substring(safe.length() - 32) : safe;
    }

    private static String shorten(String text) {
        return text == null ? "" : text.length() > 200 ? text.substring(0, 200) : text;
    }
}
