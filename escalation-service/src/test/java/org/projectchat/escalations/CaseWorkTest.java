package org.projectchat.escalations;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.projectchat.contract.ChatEvent;
import org.projectchat.contract.EscalationReason;
import org.projectchat.contract.MessageKind;
import org.projectchat.contract.Priority;
import org.projectchat.contract.Visibility;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import java.net.http.HttpResponse;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Manual escalations as ops, account managers and the participant who raised them see and work them. */
class CaseWorkTest extends EscalationServiceTest {

    @Autowired
    MeterRegistry meters;

    /** The commands whose events the escalation runner's commits stored so far, as operators see the count. */
    double appendedByCommits() {
        return meters.get("commands.appended").tag("runner", "escalations").functionCounter().count();
    }

    String raise(Project p, EscalationReason reason, Visibility visibility) {
        String messageId = p.post(p.erik, MessageKind.GENERAL, visibility, Priority.NORMAL,
                new ChatEvent.Escalation(reason, "Invoice 7 paid this week"));
        p.applied();
        return messageId;
    }

    String caseOf(Project p) {
        JsonNode items = json(get(opsToken(), "/cases?projectId=" + p.id)).get("items");
        assertThat(items).hasSize(1);
        return items.get(0).get("caseId").asString();
    }

    @Test
    void aPostWithAnEscalationOpensACaseOpsWorkItAndTheRaiserSeesItsStatusOnly() {
        double appendedBefore = appendedByCommits();
        Project p = project();
        String messageId = raise(p, EscalationReason.PAYMENT, Visibility.EVERYONE);
        String caseId = caseOf(p);
        JsonNode opened = json(get(opsToken(), "/cases/" + caseId)).get("escalation");
        assertThat(opened.get("reason").asString()).isEqualTo("PAYMENT");
        assertThat(opened.get("resolutionSought").asString()).isEqualTo("Invoice 7 paid this week");
        assertThat(opened.get("raisedBy").asString()).isEqualTo(p.erik.userId());
        assertThat(opened.get("raisedByName").asString()).isEqualTo("Erik Expert");
        assertThat(opened.get("sourceMessageId").asString()).isEqualTo(messageId);
        assertThat(opened.get("status").asString()).isEqualTo("OPEN");

        HttpResponse<String> ack = post(token(p.anna), "/cases/" + caseId + "/acknowledge", "");
        assertThat(ack.statusCode()).isEqualTo(200);
        assertThat(json(ack).get("escalation").get("owner").asString()).isEqualTo(p.anna.userId());
        assertThat(post(opsToken(), "/cases/" + caseId + "/notes", "{\"body\":\"Client's finance team says Friday.\"}")
                .statusCode()).isEqualTo(201);
        HttpResponse<String> resolved = post(opsToken(), "/cases/" + caseId + "/resolve",
                "{\"outcome\":\"MEDIATED\",\"summary\":\"Paid on Friday after a call.\"}");
        assertThat(json(resolved).get("escalation").get("status").asString()).isEqualTo("RESOLVED");
        assertThat(json(resolved).get("notes")).hasSize(1);
        // acknowledged, noted and resolved: at least three commands that stored events, counted for operators
        assertThat(appendedByCommits() - appendedBefore).isGreaterThanOrEqualTo(3);

        JsonNode mine = json(get(token(p.erik), "/projects/" + p.id + "/my-escalations"));
        assertThat(mine).hasSize(1);
        assertThat(mine.get(0).get("status").asString()).isEqualTo("RESOLVED");
        assertThat(mine.get(0).get("outcome").asString()).isEqualTo("MEDIATED");
        assertThat(mine.toString()).doesNotContain("finance team").doesNotContain("after a call");
        assertThat(json(get(token(p.clara), "/projects/" + p.id + "/my-escalations"))).isEmpty();

        assertThat(post(opsToken(), "/cases/" + caseId + "/reopen", "{\"reason\":\"Not paid after all\"}").statusCode()).isEqualTo(200);
        assertThat(json(get(opsToken(), "/cases/" + caseId)).get("escalation").get("status").asString()).isEqualTo("ACKNOWLEDGED");
        assertThat(p.events()).containsSubsequence("EscalationOpened", "EscalationAcknowledged", "EscalationNoteAdded",
                "EscalationResolved", "EscalationReopened");

        p.chat.publishAs(p.erik.actor(), p.chat.sent().stream().filter(e -> e.payload() instanceof ChatEvent.MessagePosted m
                && m.messageId().equals(messageId)).findFirst().orElseThrow().payload() instanceof ChatEvent.MessagePosted m
                ? new ChatEvent.MessagePosted(m.messageId(), m.position(), null, m.body(), m.kind(), m.visibility(),
                m.attachmentFileIds(), m.mentions(), m.escalation(), m.priority()) : null, clock.instant());
        p.applied();
        assertThat(p.count("EscalationOpened")).as("the same post again opens no second case").isEqualTo(1);
    }

    @Test
    void expertsClientsAndOtherProjectsAccountManagersSeeNoCases() {
        Project p = project();
        raise(p, EscalationReason.CONDUCT, Visibility.EVERYONE);
        String caseId = caseOf(p);
        Project other = project();

        for (String token : new String[]{token(p.erik), token(p.clara), token(other.anna)}) {
            assertThat(get(token, "/cases/" + caseId).statusCode()).isEqualTo(403);
            assertThat(post(token, "/cases/" + caseId + "/acknowledge", "").statusCode()).isEqualTo(403);
            assertThat(get(token, "/deadlines?projectId=" + p.id).statusCode()).isIn(200, 403);
        }
        assertThat(get(token(p.erik), "/cases").statusCode()).isEqualTo(403);
        assertThat(get(token(p.erik), "/statistics").statusCode()).isEqualTo(403);
        assertThat(get(token(p.clara), "/cases.csv").statusCode()).isEqualTo(403);
        assertThat(json(get(token(other.anna), "/deadlines?projectId=" + p.id))).isEmpty();
        JsonNode annasCases = json(get(token(other.anna), "/cases")).get("items");
        assertThat(annasCases.toString()).doesNotContain(caseId);
        assertThat(json(get(token(p.anna), "/cases")).get("items").toString()).contains(caseId);
    }

    @Test
    void anEscalationInAClientInternalPostIsACaseTheExpertNeverSees() {
        Project p = project();
        p.post(p.clara, MessageKind.GENERAL, Visibility.CLIENT_INTERNAL, Priority.NORMAL,
                new ChatEvent.Escalation(EscalationReason.CONDUCT, "Another expert"));
        p.applied();
        String caseId = caseOf(p);
        assertThat(json(get(opsToken(), "/cases/" + caseId)).get("escalation").get("sourceVisibility").asString())
                .isEqualTo("CLIENT_INTERNAL");
        assertThat(get(token(p.erik), "/cases/" + caseId).statusCode()).isEqualTo(403);
        assertThat(json(get(token(p.erik), "/projects/" + p.id + "/my-escalations"))).isEmpty();
        assertThat(json(get(token(p.clara), "/projects/" + p.id + "/my-escalations"))).hasSize(1);
    }

    @Test
    void badRequestsAreClearProblemsAndChangeNothing() {
        Project p = project();
        raise(p, EscalationReason.SCOPE_DISAGREEMENT, Visibility.EVERYONE);
        String caseId = caseOf(p);
        int before = p.events().size();
        HttpResponse<String> bad = post(opsToken(), "/cases/" + caseId + "/resolve", "{\"outcome\":\"WON\"}");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).contains("problem+json"));
        assertThat(post(opsToken(), "/cases/" + caseId + "/notes", "{\"body\":\"  \"}").statusCode()).isEqualTo(400);
        assertThat(post(opsToken(), "/cases/" + caseId + "/notes", "not json").statusCode()).isEqualTo(400);
        assertThat(post(opsToken(), "/cases/nope/acknowledge", "").statusCode()).isEqualTo(404);
        assertThat(post(opsToken(), "/cases/" + caseId + "/reopen", "{}").statusCode()).isEqualTo(409);
        assertThat(get(opsToken(), "/cases?status=LOST").statusCode()).isEqualTo(400);
        assertThat(get(opsToken(), "/cases?cursor=not-a-cursor").statusCode()).isEqualTo(400);
        assertThat(get(opsToken(), "/cases?limit=0").statusCode()).isEqualTo(400);
        assertThat(send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url("/cases"))).build()).statusCode()).isEqualTo(401);
        assertThat(p.events()).hasSize(before);
    }

    @Test
    void casesPageByCursorFilterAndExportAsCsv() {
        Project p = project();
        for (int i = 0; i < 5; i++) {
            p.post(p.clara, MessageKind.GENERAL, Visibility.EVERYONE, Priority.NORMAL,
                    new ChatEvent.Escalation(i % 2 == 0 ? EscalationReason.PAYMENT : EscalationReason.TECHNICAL_ACCESS,
                            i == 4 ? "=cmd|' /C calc'!A0, \"quoted\"" : "case " + i));
            advance(Duration.ofMinutes(1));
        }
        p.applied();
        JsonNode first = json(get(opsToken(), "/cases?projectId=" + p.id + "&limit=2"));
        assertThat(first.get("items")).hasSize(2);
        JsonNode second = json(get(opsToken(), "/cases?projectId=" + p.id + "&limit=2&cursor=" + first.get("nextCursor").asString()));
        JsonNode third = json(get(opsToken(), "/cases?projectId=" + p.id + "&limit=2&cursor=" + second.get("nextCursor").asString()));
        assertThat(third.get("items")).hasSize(1);
        assertThat(third.get("nextCursor").isNull()).isTrue();
        assertThat(first.get("items").get(0).get("resolutionSought").asString()).startsWith("=cmd"); // newest first
        assertThat(json(get(opsToken(), "/cases?projectId=" + p.id + "&reason=payment")).get("items")).hasSize(3);

        HttpResponse<String> csv = get(opsToken(), "/cases.csv?projectId=" + p.id);
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/csv"));
        String[] lines = csv.body().split("\r\n");
        assertThat(lines).hasSize(6);
        assertThat(lines[0]).startsWith("case_id,project_id,trigger,reason,status");
        assertThat(lines[5]).endsWith(",\"'=cmd|' /C calc'!A0, \"\"quoted\"\"\"");
    }

    @Test
    void statisticsCountCasesAndTimesToAcknowledge() {
        Project p = project();
        raise(p, EscalationReason.PAYMENT, Visibility.EVERYONE);
        String caseId = caseOf(p);
        advance(Duration.ofMinutes(90));
        post(opsToken(), "/cases/" + caseId + "/acknowledge", "");
        JsonNode stats = json(get(token(p.anna), "/statistics"));
        assertThat(stats.get("openByReason").toString()).contains("PAYMENT");
        assertThat(stats.get("acknowledged").asLong()).isEqualTo(1);
        JsonNode week = stats.get("perWeek").get(stats.get("perWeek").size() - 1);
        assertThat(week.get("acknowledgeMedianMinutes").asDouble()).isEqualTo(90.0);
        await().atMost(Duration.ofSeconds(5)).until(() -> json(get(opsToken(), "/statistics")).get("openedPerDay").size() > 0);
    }
}
