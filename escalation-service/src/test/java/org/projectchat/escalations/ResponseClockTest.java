package org.projectchat.escalations;

import org.junit.jupiter.api.Test;
import org.projectchat.contract.MessageKind;
import org.projectchat.contract.Priority;
import org.projectchat.contract.Visibility;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The clocks of the chat guide, on the real servers, crossing days and weekends by moving the clock. */
class ResponseClockTest extends EscalationServiceTest {

    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    static Instant berlin(String local) {
        return LocalDateTime.parse(local).atZone(BERLIN).toInstant();
    }

    List<JsonNode> deadlines(Project p) {
        List<JsonNode> list = new ArrayList<>();
        json(get(opsToken(), "/projects/" + p.id + "/deadlines")).forEach(list::add);
        return list;
    }

    JsonNode deadline(Project p, String kind) {
        return deadlines(p).stream().filter(d -> d.get("kind").asString().equals(kind)).findFirst().orElseThrow();
    }

    List<JsonNode> cases(Project p) {
        List<JsonNode> list = new ArrayList<>();
        json(get(opsToken(), "/cases?projectId=" + p.id)).get("items").forEach(list::add);
        return list;
    }

    @Test
    void aClientSilentFor48HoursIsRemindedAt24AndACaseOpensOnce() {
        moveTo(berlin("2026-12-07T10:00"));
        Project p = project();
        p.say(p.erik);
        p.applied();
        JsonNode due = deadline(p, "CLIENT_REPLY");
        assertThat(Instant.parse(due.get("dueAt").asString())).isEqualTo(berlin("2026-12-09T10:00"));

        advance(Duration.ofHours(23).plusMinutes(59));
        p.say(p.erik); // a second expert message does not restart the clock
        p.applied();
        assertThat(p.events()).doesNotContain("ResponseWarning").containsOnlyOnce("ResponseDue");

        advance(Duration.ofMinutes(1));
        await().atMost(Duration.ofSeconds(10)).until(() -> p.reminders("CLIENT_REPLY").size() == 1);
        assertThat(p.reminders("CLIENT_REPLY")).containsExactly(p.clara.userId() + " " + due.get("deadlineId").asString());
        assertThat(p.events()).containsSubsequence("ResponseDue", "ResponseWarning", "ReminderIssued");

        advance(Duration.ofHours(24));
        await().atMost(Duration.ofSeconds(10)).until(() -> p.count("EscalationOpened") == 1);
        List<JsonNode> cases = cases(p);
        assertThat(cases).hasSize(1);
        assertThat(cases.getFirst().get("reason").asString()).isEqualTo("CLIENT_UNRESPONSIVE");
        assertThat(cases.getFirst().get("trigger").asString()).isEqualTo("CLIENT_UNRESPONSIVE_TIMER");
        assertThat(deadline(p, "CLIENT_REPLY").get("state").asString()).isEqualTo("BREACHED");
        // the account manager's statistics count the breach on its (UTC) day, once
        JsonNode breaches = json(get(token(p.anna), "/statistics")).get("breachesPerDay");
        assertThat(breaches.toString()).isEqualTo("[{\"key\":\"2026-12-09\",\"count\":1}]");

        advance(Duration.ofHours(48));
        timers.wake();
        p.say(p.olga);
        p.applied();
        assertThat(p.count("EscalationOpened")).as("once").isEqualTo(1);
    }

    @Test
    void aClientWhoRepliesAt47HoursOpensNoCase() {
        moveTo(berlin("2026-12-07T10:00"));
        Project p = project();
        p.say(p.erik);
        p.applied();
        advance(Duration.ofHours(47));
        await().atMost(Duration.ofSeconds(10)).until(() -> p.reminders("CLIENT_REPLY").size() == 1);
        p.say(p.clara);
        p.applied();
        assertThat(deadline(p, "CLIENT_REPLY").get("state").asString()).isEqualTo("MET");
        advance(Duration.ofHours(2));
        p.say(p.clara); // the clock would have fired by now; the intake's poll is a moment to let it
        p.applied();
        assertThat(timers.claim(clock.instant())).isEmpty();
        assertThat(p.count("EscalationOpened")).isZero();
        assertThat(p.count("SlaBreached")).isZero();
    }

    @Test
    void aProjectsOwnThresholdsApplyToClocksStartedAfterThem() {
        moveTo(berlin("2026-12-07T10:00"));
        Project p = project();
        p.applied();
        String tighter = "{\"clientReply\":\"PT6H\",\"clientReminder\":\"PT3H\"}";
        assertThat(send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url("/projects/" + p.id + "/sla")))
                .header("Authorization", "Bearer " + token(p.anna)).header("Content-Type", "application/json")
                .PUT(java.net.http.HttpRequest.BodyPublishers.ofString(tighter)).build()).statusCode()).isEqualTo(403);
        var refused = send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url("/projects/" + p.id + "/sla")))
                .header("Authorization", "Bearer " + opsToken()).header("Content-Type", "application/json")
                .PUT(java.net.http.HttpRequest.BodyPublishers.ofString("{\"clientReply\":\"PT1H\",\"clientReminder\":\"PT2H\"}")).build());
        assertThat(refused.statusCode()).isBetween(400, 499);
        var set = send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url("/projects/" + p.id + "/sla")))
                .header("Authorization", "Bearer " + opsToken()).header("Content-Type", "application/json")
                .PUT(java.net.http.HttpRequest.BodyPublishers.ofString(tighter)).build());
        assertThat(set.statusCode()).isEqualTo(200);
        var thresholds = get(token(p.anna), "/projects/" + p.id + "/sla");
        assertThat(thresholds.statusCode()).as(thresholds.body()).isEqualTo(200);
        assertThat(json(thresholds).get("inForce").get("expertDue").asString())
                .as("the rest stay the service's").isEqualTo("PT8H");
        p.say(p.erik);
        p.applied();
        JsonNode d = deadline(p, "CLIENT_REPLY");
        assertThat(Instant.parse(d.get("warnAt").asString())).isEqualTo(berlin("2026-12-07T13:00"));
        assertThat(Instant.parse(d.get("dueAt").asString())).isEqualTo(berlin("2026-12-07T16:00"));
    }

    @Test
    void aClientInternalMessageIsNoAnswerToTheExpert() {
        moveTo(berlin("2026-12-07T10:00"));
        Project p = project();
        p.say(p.erik);
        p.post(p.clara, MessageKind.GENERAL, Visibility.CLIENT_INTERNAL, Priority.NORMAL, null);
        p.applied();
        assertThat(deadline(p, "CLIENT_REPLY").get("state").asString()).isEqualTo("PENDING");
    }

    @Test
    void theExpertsResponseTimeRunsInBusinessHoursAcrossAWeekendAndHolidays() {
        // Wednesday 23 December 15:00 in Berlin: 2 h that day; 24th and 25th are holidays; the weekend; 6 h on Monday
        moveTo(berlin("2026-12-23T15:00"));
        Project p = project();
        p.say(p.clara);
        p.applied();
        JsonNode d = deadline(p, "EXPERT_RESPONSE");
        assertThat(Instant.parse(d.get("warnAt").asString())).isEqualTo(berlin("2026-12-28T11:00"));
        assertThat(Instant.parse(d.get("dueAt").asString())).isEqualTo(berlin("2026-12-28T15:00"));
        JsonNode listed = json(get(opsToken(), "/deadlines?projectId=" + p.id)).get(0);
        assertThat(listed.get("businessTime").asBoolean()).isTrue();
        assertThat(listed.get("remainingMinutes").asLong()).isEqualTo(8 * 60);

        moveTo(berlin("2026-12-28T14:59"));
        await().atMost(Duration.ofSeconds(10)).until(() -> p.count("ResponseWarning") == 1);
        assertThat(p.count("SlaBreached")).isZero();
        moveTo(berlin("2026-12-28T15:00"));
        await().atMost(Duration.ofSeconds(10)).until(() -> p.count("SlaBreached") == 1);
        assertThat(deadline(p, "EXPERT_RESPONSE").get("breached").asBoolean()).isTrue();
        assertThat(cases(p)).as("a late answer is a breach, not a case").isEmpty();
    }

    @Test
    void aQuestionAskedAt1659IsDueAt17AndOneAskedAt18TheNextDay() {
        moveTo(berlin("2026-12-08T16:59"));
        Project early = project();
        early.post(early.clara, MessageKind.QUESTION, Visibility.EVERYONE, Priority.NORMAL, null);
        early.applied();
        assertThat(Instant.parse(deadline(early, "CLIENT_QUESTION").get("dueAt").asString())).isEqualTo(berlin("2026-12-08T17:00"));

        moveTo(berlin("2026-12-08T18:00"));
        Project late = project();
        late.post(late.clara, MessageKind.QUESTION, Visibility.EVERYONE, Priority.NORMAL, null);
        late.applied();
        assertThat(Instant.parse(deadline(late, "CLIENT_QUESTION").get("dueAt").asString())).isEqualTo(berlin("2026-12-09T17:00"));
    }

    @Test
    void anUrgentBlockerIsDueWithinAnHourAndAnExpertsAnswerStopsTheClock() {
        moveTo(berlin("2026-12-09T20:00")); // after hours: urgent counts calendar time
        Project p = project();
        p.post(p.clara, MessageKind.BLOCKER, Visibility.EVERYONE, Priority.NORMAL, null);
        p.applied();
        assertThat(Instant.parse(deadline(p, "URGENT_RESPONSE").get("dueAt").asString())).isEqualTo(berlin("2026-12-09T21:00"));
        advance(Duration.ofMinutes(40));
        await().atMost(Duration.ofSeconds(10)).until(() -> p.count("ResponseWarning") == 1);
        p.say(p.erik);
        p.applied();
        assertThat(deadline(p, "URGENT_RESPONSE").get("state").asString()).isEqualTo("MET");
        assertThat(deadline(p, "EXPERT_RESPONSE").get("state").asString()).isEqualTo("MET");
        advance(Duration.ofHours(30));
        p.say(p.clara);
        p.applied();
        assertThat(p.count("SlaBreached")).isZero();
    }

    @Test
    void anExpertsBlockerUnacknowledgedByOpsForABusinessHourOpensACase() {
        // ops work in London: Friday 11 December 16:30 London + 1 business hour = Monday 14th 09:30 London
        moveTo(Instant.parse("2026-12-11T16:30:00Z"));
        Project p = project();
        p.post(p.erik, MessageKind.BLOCKER, Visibility.EVERYONE, Priority.NORMAL, null);
        p.applied();
        assertThat(Instant.parse(deadline(p, "BLOCKER_ACKNOWLEDGEMENT").get("dueAt").asString()))
                .isEqualTo(Instant.parse("2026-12-14T09:30:00Z"));
        p.say(p.clara); // the client answers the expert; ops do not
        p.post(p.olga, MessageKind.GENERAL, Visibility.INTERNAL, Priority.NORMAL, null); // the expert cannot see it
        p.applied();
        moveTo(Instant.parse("2026-12-14T09:30:00Z"));
        await().atMost(Duration.ofSeconds(10)).until(() -> p.count("EscalationOpened") == 1);
        assertThat(cases(p)).singleElement().satisfies(c -> {
            assertThat(c.get("trigger").asString()).isEqualTo("UNACKNOWLEDGED_BLOCKER_TIMER");
            assertThat(c.get("status").asString()).isEqualTo("OPEN");
        });
    }
}
