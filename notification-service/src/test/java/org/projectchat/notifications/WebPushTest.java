package org.projectchat.notifications;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.projectchat.contract.MessageKind;
import org.projectchat.contract.Priority;
import org.projectchat.contract.Visibility;
import org.projectchat.baseline.web.ApiProblem;
import org.projectchat.contract.PlatformUser;
import org.projectchat.notifications.diagnosis.Diagnosis;
import org.projectchat.notifications.diagnosis.TestNotification;
import org.projectchat.notifications.email.EmailDispatcher;
import org.projectchat.notifications.push.Browser;
import org.projectchat.notifications.push.PushDispatcher;
import org.projectchat.notifications.push.PushService;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Web Push end to end, with this test as the push service on loopback: the VAPID token verifies with the key the
 * service publishes, the browser decrypts the payload with its own private key, TTL and Urgency are set; 410 removes
 * the subscription; 429 is retried after the push service's Retry-After.
 */
class WebPushTest extends NotificationServiceTest {

    @Autowired
    Diagnosis diagnosis;
    @Autowired
    EmailDispatcher emailDispatcher;
    @Autowired
    PushDispatcher pushDispatcher;

    final PushService pushService = new PushService();

    WebPushTest() throws IOException {
    }

    @AfterEach
    void stop() {
        pushService.close();
        clock.set(MONDAY_10);
    }

    String subscribe(Person person, String id, Browser browser) {
        var response = post(token(person), "/push/subscriptions", """
                {"endpoint":"%s","keys":{"p256dh":"%s","auth":"%s"}}""".formatted(pushService.subscribe(id, browser), browser.p256dh(),
                browser.authSecret()));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return json(response).get("id").asString();
    }

    @Test
    void aPushIsSignedEncryptedForTheBrowserAndUrgentWhenItIs() throws Exception {
        Project p = project();
        String vapidKey = json(get(token(p.clara), "/push/vapid-public-key")).get("publicKey").asString();
        Browser laptop = new Browser();
        Browser phone = new Browser();
        String laptopId = "laptop-" + unique();
        String phoneId = "phone-" + unique();
        subscribe(p.clara, laptopId, laptop);
        subscribe(p.clara, phoneId, phone);

        String id = p.mention(p.erik, p.clara, "@clara the deploy is green");
        await().atMost(Duration.ofSeconds(20)).until(() -> pushService.received(laptopId).size() == 1 && pushService.received(phoneId).size() == 1);
        for (String browser : new String[]{laptopId, phoneId}) {
            PushService.Received push = pushService.received(browser).getFirst();
            assertThat(push.error()).isNull();
            assertThat(push.vapidValid()).as("VAPID signature").isTrue();
            assertThat(push.vapidKey()).isEqualTo(vapidKey);
            assertThat(push.audience()).isEqualTo(pushService.origin());
            assertThat(push.ttl()).isEqualTo("86400");
            assertThat(push.urgency()).isEqualTo("normal");
            JsonNode payload = org.projectchat.contract.EventJson.mapper().readTree(push.payload());
            assertThat(payload.get("title").asString()).isEqualTo("Erik Expert in Project " + p.id);
            assertThat(payload.get("body").asString()).isEqualTo("@clara the deploy is green");
            assertThat(payload.get("url").asString()).isEqualTo("https://chat.example.com/#/projects/" + p.id + "/messages/" + id);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> "DELIVERED".equals(delivery(p.clara, id, "PUSH").get("state")));

        p.post(p.erik, "@clara the database is down", Visibility.EVERYONE, MessageKind.GENERAL, Priority.URGENT, null, at(p.clara));
        await().atMost(Duration.ofSeconds(20)).until(() -> pushService.received(laptopId).size() == 2);
        assertThat(pushService.received(laptopId).get(1).urgency()).isEqualTo("high");
        JsonNode diagnosis = json(get(token(p.clara), "/me/diagnosis"));
        assertThat(diagnosis.get("push")).hasSize(2);
        assertThat(diagnosis.get("push").get(0).get("lastSuccessAt").isNull()).isFalse();
    }

    @Test
    void goneSubscriptionsAreRemovedAndTooManyRequestsAreRetriedAfterRetryAfter() throws Exception {
        Project p = project();
        Browser old = new Browser();
        Browser current = new Browser();
        String oldId = "old-" + unique();
        String currentId = "current-" + unique();
        subscribe(p.anna, oldId, old);
        subscribe(p.anna, currentId, current);
        pushService.answer(oldId, new PushService.Answer(410, null));
        pushService.answer(currentId, new PushService.Answer(429, "120"));

        String id = p.mention(p.erik, p.anna, "@anna budget approved?");
        await().atMost(Duration.ofSeconds(20)).until(() -> "RETRYING".equals(delivery(p.anna, id, "PUSH").get("state")));
        assertThat(json(get(token(p.anna), "/push/subscriptions"))).singleElement()
                .satisfies(s -> assertThat(s.get("lastError").asString()).isEqualTo("HTTP 429"));
        assertThat(((java.sql.Timestamp) delivery(p.anna, id, "PUSH").get("due_at")).toInstant()).isEqualTo(MONDAY_10.plusSeconds(120));

        pushService.answer(currentId, new PushService.Answer(201, null));
        clock.set(MONDAY_10.plusSeconds(119));
        assertThat(pushService.received(currentId)).hasSize(1);
        clock.set(MONDAY_10.plusSeconds(120));
        await().atMost(Duration.ofSeconds(20)).until(() -> "DELIVERED".equals(delivery(p.anna, id, "PUSH").get("state")));
        assertThat(pushService.received(currentId)).hasSize(2);
        assertThat(pushService.received(currentId).get(1).payload()).contains("budget approved?");
        assertThat(pushService.received(oldId)).hasSize(1);
    }

    @Test
    void subscriptionsAreCheckedAndOwnedByTheirUser() throws Exception {
        Project p = project();
        Browser browser = new Browser();
        String bad = post(token(p.clara), "/push/subscriptions", """
                {"endpoint":"https://evil.example.com/collect","keys":{"p256dh":"%s","auth":"%s"}}"""
                .formatted(browser.p256dh(), browser.authSecret())).body();
        assertThat(bad).contains("invalid-push-endpoint");
        assertThat(post(token(p.clara), "/push/subscriptions", """
                {"endpoint":"%s","keys":{"p256dh":"AAAA","auth":"%s"}}""".formatted(pushService.subscribe("x", browser),
                browser.authSecret())).statusCode()).isEqualTo(400);
        String mine = subscribe(p.clara, "mine-" + unique(), browser);
        assertThat(send(HttpRequest.newBuilder(URI.create(url("/push/subscriptions/" + mine)))
                .header("Authorization", "Bearer " + token(p.erik)).DELETE().build()).statusCode()).isEqualTo(404);
        assertThat(send(HttpRequest.newBuilder(URI.create(url("/push/subscriptions/" + mine)))
                .header("Authorization", "Bearer " + token(p.clara)).DELETE().build()).statusCode()).isEqualTo(204);
        assertThat(json(get(token(p.clara), "/push/subscriptions"))).isEmpty();
    }

    @Test
    void aTestNotificationAskedForGoesToEveryBrowserAndTheAddressAtOnceEvenDuringDoNotDisturb() throws Exception {
        Project p = project();
        String laptopId = "test-laptop-" + unique();
        subscribe(p.clara, laptopId, new Browser());
        put(token(p.clara), "/me/dnd", "{\"minutes\":600}");
        int mailsBefore = mailTo(p.clara.email()).size();

        var response = post(token(p.clara), "/me/test-notification", "");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode outcomes = json(response).get("outcomes");
        assertThat(outcomes.findValuesAsString("channel")).containsExactly("IN_APP", "EMAIL", "PUSH");
        assertThat(outcomes.get(1).get("sent").asBoolean()).as(outcomes.toString()).isTrue();
        assertThat(outcomes.get(1).get("detail").asString()).contains(p.clara.email()).contains("spam");
        assertThat(outcomes.get(2).get("sent").asBoolean()).as(outcomes.toString()).isTrue();
        assertThat(json(response).get("hints").toString()).contains("Do Not Disturb is on");

        PushService.Received push = pushService.received(laptopId).getFirst();
        assertThat(push.vapidValid()).isTrue();
        assertThat(org.projectchat.contract.EventJson.mapper().readTree(push.payload()).get("title").asString())
                .isEqualTo("Test notification");
        var mail = awaitMail(p.clara, mailsBefore + 1).get(mailsBefore);
        assertThat(mail.getSubject()).isEqualTo("Test notification from Project Chat");
        assertThat(json(get(token(p.clara), "/me/diagnosis")).get("email").get("lastSubject").asString())
                .isEqualTo("Test notification from Project Chat");

        var again = post(token(p.clara), "/me/test-notification", "");
        assertThat(again.statusCode()).isEqualTo(429);
        assertThat(again.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).contains("problem+json"));
        assertThat(pushService.received(laptopId)).hasSize(1);
        // another instance of the service (nothing in common but the database) keeps the same turn
        TestNotification anotherInstance = new TestNotification(diagnosis, emailDispatcher, pushDispatcher, clock, jdbc);
        assertThatThrownBy(() -> anotherInstance.send(new PlatformUser(p.clara.userId(), p.clara.name(), p.clara.email(), Set.of())))
                .isInstanceOfSatisfying(ApiProblem.class, e -> assertThat(e.status().value()).isEqualTo(429));
        assertThat(pushService.received(laptopId)).hasSize(1);
        // the turn comes back after the interval
        clock.advance(Duration.ofSeconds(21));
        assertThat(anotherInstance.send(new PlatformUser(p.clara.userId(), p.clara.name(), p.clara.email(), Set.of())).outcomes())
                .extracting(TestNotification.Outcome::channel).containsExactly("IN_APP", "EMAIL", "PUSH");
        assertThat(pushService.received(laptopId)).hasSize(2);

        var nobody = post(token(p.erik), "/me/test-notification", "");
        assertThat(json(nobody).get("outcomes").get(2).get("sent").asBoolean()).isFalse();
        assertThat(json(nobody).get("outcomes").get(2).get("detail").asString()).contains("No browser is subscribed");
    }
}
