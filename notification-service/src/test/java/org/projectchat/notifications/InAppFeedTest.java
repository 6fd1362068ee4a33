package org.projectchat.notifications;

import org.junit.jupiter.api.Test;
import org.projectchat.contract.ChatEvent;
import org.projectchat.contract.MessageKind;
import org.projectchat.contract.Priority;
import org.projectchat.contract.Visibility;
import org.projectchat.notifications.intake.NotificationListener;
import tools.jackson.databind.JsonNode;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The in-app feed: always on, newest first with a cursor, unread counts, mark read, live over SSE with resume. */
class InAppFeedTest extends NotificationServiceTest {

    @Test
    void aMentionIsAnInAppItemLinkingToItsMessage() {
        Project p = project();
        String id = p.mention(p.erik, p.clara, "@clara the schema migration is ready for review");
        JsonNode item = awaitInbox(p.clara, 1).get("items").get(0);
        assertThat(item.get("messageId").asString()).isEqualTo(id);
        assertThat(item.get("projectId").asString()).isEqualTo(p.id);
        assertThat(item.get("projectTitle").asString()).isEqualTo("Project " + p.id);
        assertThat(item.get("reason").asString()).isEqualTo("MENTION");
        assertThat(item.get("excerpt").asString()).isEqualTo("@clara the schema migration is ready for review");
        assertThat(item.get("author").get("displayName").asString()).isEqualTo("Erik Expert");
        assertThat(item.get("link").asString()).isEqualTo("https://chat.example.com/#/projects/" + p.id + "/messages/" + id);
        assertThat(item.get("readAt").isNull()).isTrue();
        // the author and those not meant get nothing
        assertThat(json(get(token(p.erik), "/notifications")).get("items")).isEmpty();
        assertThat(json(get(token(p.eva), "/notifications")).get("items")).isEmpty();
    }

    @Test
    void operatorsSeeDeliveriesByChannelAndState() {
        double before = metric("notifications_recorded_total{application=\"notification-service\",channel=\"IN_APP\",state=\"DELIVERED\"}");
        Project p = project();
        p.mention(p.erik, p.clara, "@clara counted");
        awaitInbox(p.clara, 1);
        assertThat(metric("notifications_recorded_total{application=\"notification-service\",channel=\"IN_APP\",state=\"DELIVERED\"}"))
                .isGreaterThanOrEqualTo(before + 1);
        assertThat(get(staffToken(), "/actuator/prometheus").body()).contains("notifications_deliveries{application=\"notification-service\",channel=\"EMAIL\",state=\"DEFERRED\"}");
    }

    @Test
    void theIntakeConsumesOnAPlatformThreadOfItsOwn() {
        Project p = project();
        p.mention(p.erik, p.clara, "@clara on time");
        awaitInbox(p.clara, 1);
        // requests and event streams are served on virtual threads; on one of their few carriers the intake's every
        // statement would wait behind them (the in-app latency's tail). Virtual threads are not in this list.
        assertThat(Thread.getAllStackTraces().keySet()).anySatisfy(
                thread -> assertThat(thread.getName()).startsWith(NotificationListener.LISTENER_ID));
    }

    private double metric(String series) {
        return get(staffToken(), "/actuator/prometheus").body().lines().filter(l -> l.startsWith(series + " "))
                .mapToDouble(l -> Double.parseDouble(l.substring(series.length() + 1))).findFirst().orElse(0);
    }

    @Test
    void newestFirstWithACursorUnreadCountsAndMarkingRead() {
        Project p = project();
        for (int i = 1; i <= 5; i++) {
            p.mention(p.erik, p.anna, "@anna update " + i);
        }
        awaitInbox(p.anna, 5);
        JsonNode first = json(get(token(p.anna), "/notifications?limit=2"));
        assertThat(first.get("items")).extracting(i -> i.get("excerpt").asString()).containsExactly("@anna update 5", "@anna update 4");
        assertThat(first.get("unread").asLong()).isEqualTo(5);
        JsonNode second = json(get(token(p.anna), "/notifications?limit=2&before=" + first.get("nextBefore").asLong()));
        assertThat(second.get("items")).extracting(i -> i.get("excerpt").asString()).containsExactly("@anna update 3", "@anna update 2");

        long one = first.get("items").get(0).get("id").asLong();
        long two = first.get("items").get(1).get("id").asLong();
        var marked = json(post(token(p.anna), "/notifications/read", "{\"ids\":[" + one + "," + two + "]}"));
        assertThat(marked.get("marked").asLong()).isEqualTo(2);
        assertThat(json(get(token(p.anna), "/notifications/unread-count")).get("unread").asLong()).isEqualTo(3);
        // someone else's ids change nothing
        assertThat(json(post(token(p.clara), "/notifications/read", "{\"ids\":[" + second.get("items").get(0).get("id").asLong() + "]}"))
                .get("marked").asLong()).isZero();
        assertThat(json(get(token(p.anna), "/notifications?unread=true")).get("items")).hasSize(3);
        json(post(token(p.anna), "/notifications/read", "{\"all\":true}"));
        assertThat(json(get(token(p.anna), "/notifications/unread-count")).get("unread").asLong()).isZero();
        assertThat(post(token(p.anna), "/notifications/read", "{}").statusCode()).isEqualTo(400);
    }

    @Test
    void readingTheProjectInTheAppMarksItsItemsRead() {
        Project p = project();
        p.mention(p.erik, p.clara, "@clara one");
        p.mention(p.erik, p.clara, "@clara two");
        awaitInbox(p.clara, 2);
        p.read(p.clara, p.position() - 1); // up to "one"
        await().atMost(Duration.ofSeconds(20)).until(() -> json(get(token(p.clara), "/notifications/unread-count")).get("unread").asLong() == 1);
    }

    @Test
    void aDeletedMessageTakesItsItemAway() {
        Project p = project();
        String id = p.mention(p.erik, p.clara, "@clara oops, wrong project");
        awaitInbox(p.clara, 1);
        p.chat.publishAs(p.erik.actor(), new ChatEvent.MessageDeleted(id));
        await().atMost(Duration.ofSeconds(20)).until(() -> json(get(token(p.clara), "/notifications")).get("items").isEmpty());
        assertThat(json(get(token(p.clara), "/notifications/unread-count")).get("unread").asLong()).isZero();
    }

    @Test
    void aMentionAddedByAnEditNotifiesTheNewlyMentionedOnce() {
        Project p = project();
        String id = p.post(p.erik, "the report is up", Visibility.EVERYONE, MessageKind.GENERAL, Priority.NORMAL, null);
        p.chat.publishAs(p.erik.actor(), new ChatEvent.MessageEdited(id, 2, "the report is up @clara", List.of(at(p.clara))));
        p.chat.publishAs(p.erik.actor(), new ChatEvent.MessageEdited(id, 3, "the report is up @clara (v2)", List.of(at(p.clara))));
        awaitApplied(p);
        JsonNode items = awaitInbox(p.clara, 1).get("items");
        assertThat(items).hasSize(1);
        assertThat(items.get(0).get("excerpt").asString()).isEqualTo("the report is up @clara (v2)");
    }

    @Test
    void theLiveFeedSendsNewItemsAndResumesAfterTheLastOneSeen() throws Exception {
        Project p = project();
        List<String> events = new CopyOnWriteArrayList<>();
        var response = HTTP.send(HttpRequest.newBuilder(URI.create(url("/notifications/stream")))
                .header("Authorization", "Bearer " + token(p.clara)).build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        Thread reader = Thread.ofVirtual().start(() -> {
            try (var lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    events.add(line);
                }
            } catch (Exception closed) {
                // the test ends the stream
            }
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> events.contains(":connected"));
        p.mention(p.erik, p.clara, "@clara live one");
        p.mention(p.erik, p.eva, "@eva not for clara");
        p.mention(p.erik, p.clara, "@clara live two");
        await().atMost(Duration.ofSeconds(20)).until(() -> events.stream().filter(l -> l.startsWith("data:")).count() >= 2);
        reader.interrupt();
        response.body().close();
        List<String> data = events.stream().filter(l -> l.startsWith("data:")).toList();
        assertThat(data.get(0)).contains("@clara live one");
        assertThat(data.get(1)).contains("@clara live two");
        assertThat(String.join("\n", events)).doesNotContain("not for clara").contains("event:notification");
        String firstId = events.stream().filter(l -> l.startsWith("id:")).findFirst().orElseThrow().substring(3).trim();

        // resume after the first: the second comes again, nothing else
        List<String> resumed = new CopyOnWriteArrayList<>();
        var again = HTTP.send(HttpRequest.newBuilder(URI.create(url("/notifications/stream"))).header("Last-Event-ID", firstId)
                .header("Authorization", "Bearer " + token(p.clara)).build(), HttpResponse.BodyHandlers.ofInputStream());
        Thread second = Thread.ofVirtual().start(() -> {
            try (var lines = new BufferedReader(new InputStreamReader(again.body(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    resumed.add(line);
                }
            } catch (Exception closed) {
                // ended
            }
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> resumed.stream().anyMatch(l -> l.startsWith("data:")));
        second.interrupt();
        again.body().close();
        assertThat(resumed.stream().filter(l -> l.startsWith("data:")).toList()).singleElement().asString().contains("@clara live two");
        assertThat(get(token(p.clara), "/notifications/stream?lastEventId=abc").statusCode()).isEqualTo(400);
    }
}
