package org.projectchat.notifications;

import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.projectchat.contract.MessageKind;
import org.projectchat.contract.Priority;
import org.projectchat.contract.Visibility;
import tools.jackson.databind.JsonNode;

import java.time.Instant;
import java.sql.Timestamp;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Do Not Disturb and availability hours hold email and push (the in-app item comes at once) until they end, then
 * what waited goes as one digest; urgent matters go through. Time is the test's clock: no waiting.
 */
class DndAndHoursTest extends NotificationServiceTest {

    @AfterEach
    void backToMonday() {
        clock.set(MONDAY_10);
    }

    @Test
    void doNotDisturbHoldsEmailUntilItEndsAndUrgentGoesThrough() throws Exception {
        Project p = project();
        Person clara = p.clara;
        JsonNode dnd = json(put(token(clara), "/me/dnd", "{\"minutes\":90}"));
        assertThat(dnd.get("dndUntil").asString()).isEqualTo("2026-12-07T11:30:00Z");

        String quiet = p.mention(p.erik, clara, "@clara when you have a minute");
        String quieter = p.mention(p.eva, clara, "@clara also this");
        String urgent = p.post(p.erik, "@clara production is down", Visibility.EVERYONE, MessageKind.GENERAL, Priority.URGENT, null, at(clara));
        awaitInbox(clara, 3); // in-app at once, DND or not

        MimeMessage urgentMail = awaitMail(clara, 1).getFirst();
        assertThat(urgentMail.getSubject()).startsWith("[Urgent] ").contains("production is down");
        assertThat(delivery(clara, quiet, "EMAIL")).containsEntry("state", "DEFERRED").containsEntry("detail", "do not disturb")
                .containsEntry("due_at", Timestamp.from(Instant.parse("2026-12-07T11:30:00Z")));

        clock.set(Instant.parse("2026-12-07T11:29:59Z"));
        awaitApplied(p);
        assertThat(mailTo(clara.email())).hasSize(1);
        clock.set(Instant.parse("2026-12-07T11:30:00Z"));
        MimeMessage digest = awaitMail(clara, 2).get(1);
        assertThat(digest.getSubject()).isEqualTo("[Project " + p.id + "] 2 new notifications");
        awaitDelivered(clara, quieter, "EMAIL");
        awaitDelivered(clara, urgent, "EMAIL");
    }

    @Test
    void turningDoNotDisturbOffSendsWhatWaited() {
        Project p = project();
        put(token(p.anna), "/me/dnd", "{\"minutes\":600}");
        String id = p.mention(p.erik, p.anna, "@anna contract question");
        awaitApplied(p);
        assertThat(delivery(p.anna, id, "EMAIL")).containsEntry("state", "DEFERRED");
        assertThat(send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url("/me/dnd")))
                .header("Authorization", "Bearer " + token(p.anna)).DELETE().build()).statusCode()).isEqualTo(200);
        awaitMail(p.anna, 1);
    }

    @Test
    void availabilityHoursAreTheRecipientsOwnAcrossTheWeekend() throws Exception {
        Project p = project();
        Person erik = p.erik;
        // Erik works 09:00–12:00 and 13:00–17:30 Tokyo time, Monday to Friday
        String hours = "[[\"09:00\",\"12:00\"],[\"13:00\",\"17:30\"]]";
        assertThat(put(token(erik), "/me/settings", """
                {"timeZone":"Asia/Tokyo","hours":{"MONDAY":%1$s,"TUESDAY":%1$s,"WEDNESDAY":%1$s,"THURSDAY":%1$s,"FRIDAY":%1$s}}"""
                .formatted(hours)).statusCode()).isEqualTo(200);
        // Friday 18:00 in Tokyo
        clock.set(Instant.parse("2026-12-11T09:00:00Z"));
        String id = p.post(p.clara, "Can you check the import? @" + erik.handle(), Visibility.EVERYONE, MessageKind.QUESTION,
                Priority.NORMAL, null, at(erik));
        awaitInbox(erik, 1);
        awaitApplied(p);
        // Monday 09:00 Tokyo is Monday 00:00 UTC
        assertThat(delivery(erik, id, "EMAIL")).containsEntry("state", "DEFERRED").containsEntry("detail", "outside availability hours")
                .containsEntry("due_at", Timestamp.from(Instant.parse("2026-12-14T00:00:00Z")));
        JsonNode seen = json(get(token(p.clara), "/projects/" + p.id + "/availability"));
        JsonNode erikSeen = null;
        for (JsonNode a : seen) {
            if (a.get("userId").asString().equals(erik.userId())) {
                erikSeen = a;
            }
        }
        assertThat(erikSeen).isNotNull();
        assertThat(erikSeen.get("availableNow").asBoolean()).isFalse();
        assertThat(erikSeen.get("timeZone").asString()).isEqualTo("Asia/Tokyo");
        assertThat(erikSeen.get("localTime").asString()).isEqualTo("2026-12-11T18:00:00");
        assertThat(erikSeen.get("nextAvailableAt").asString()).isEqualTo("2026-12-14T00:00:00Z");
        assertThat(get(token(p.clara), "/projects/prj-unknown/availability").statusCode()).isEqualTo(404);

        clock.set(Instant.parse("2026-12-13T23:59:00Z"));
        awaitApplied(p);
        assertThat(mailTo(erik.email())).isEmpty();
        clock.set(Instant.parse("2026-12-14T00:00:00Z"));
        MimeMessage mail = awaitMail(erik, 1).getFirst();
        assertThat(mail.getSubject()).contains("1 new notification");
    }

    @Test
    void aBlockerGoesThroughOutsideHoursAndDoNotDisturb() throws Exception {
        Project p = project();
        put(token(p.olga), "/me/settings", "{\"timeZone\":\"UTC\",\"hours\":{\"TUESDAY\":[[\"09:00\",\"17:00\"]]}}");
        put(token(p.olga), "/me/dnd", "{\"minutes\":60}");
        String blocker = p.post(p.erik, "VPN is down, blocked", Visibility.EVERYONE, MessageKind.BLOCKER, Priority.NORMAL, null);
        MimeMessage mail = awaitMail(p.olga, 1).getFirst();
        awaitDelivered(p.olga, blocker, "EMAIL");
        assertThat(mail.getSubject()).startsWith("[Urgent]");
    }
}
