package org.projectchat.notifications;

import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.projectchat.contract.ChatEvent;
import org.projectchat.contract.MessageKind;
import org.projectchat.contract.ParticipantRole;
import org.projectchat.contract.Priority;
import org.projectchat.contract.Visibility;
import org.projectchat.notifications.push.Browser;
import org.projectchat.notifications.push.PushService;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An internal note, and a client-internal @channel, reach no expert on any channel: not in-app, not by email (alone
 * or in a digest), not by push, not in their delivery log or diagnosis. Ops still see why in the expert's log.
 */
class LeakTest extends NotificationServiceTest {

    static final String SECRET = "rate-card-secret";

    final PushService pushService = new PushService();

    LeakTest() throws java.io.IOException {
    }

    @AfterEach
    void backToMonday() {
        clock.set(MONDAY_10);
        pushService.close();
    }

    @Test
    void internalAndClientInternalMessagesReachNoExpertOnAnyChannel() throws Exception {
        Project p = project();
        Person erik = p.erik;
        Person eva = p.eva;
        // Erik takes pushes and a daily digest; Eva gets every message at once
        Browser browser = new Browser();
        String subscription = "erik-" + unique();
        assertThat(post(token(erik), "/push/subscriptions", """
                {"endpoint":"%s","keys":{"p256dh":"%s","auth":"%s"}}"""
                .formatted(pushService.subscribe(subscription, browser), browser.p256dh(), browser.authSecret())).statusCode()).isEqualTo(201);
        put(token(erik), "/preferences", "{\"email\":\"DAILY\"}");
        put(token(eva), "/preferences", "{\"level\":\"ALL\",\"email\":\"IMMEDIATE\"}");

        String note = p.post(p.olga, "Internal: @" + erik.handle() + " is on probation, " + SECRET + " @channel", Visibility.INTERNAL,
                MessageKind.BLOCKER, Priority.URGENT, null, at(erik), ChatEvent.Mention.channel(), ChatEvent.Mention.role(ParticipantRole.EXPERT));
        String clientSide = p.post(p.clara, "@channel between us: " + SECRET + " budget", Visibility.CLIENT_INTERNAL,
                MessageKind.QUESTION, Priority.URGENT, null, ChatEvent.Mention.channel());
        String open = p.post(p.clara, "@channel kickoff at 3", Visibility.EVERYONE, MessageKind.GENERAL, Priority.NORMAL, null,
                ChatEvent.Mention.channel());

        // the client side does hear of the client-internal one, ops of both
        awaitInbox(p.anna, 2);
        awaitMail(p.anna, 2);
        awaitInbox(erik, 1);
        awaitInbox(eva, 1);
        awaitApplied(p);
        // the daily digest of Erik falls due: 08:00 Berlin tomorrow
        clock.set(MONDAY_10.plus(Duration.ofDays(1)));
        MimeMessage digest = awaitMail(erik, 1).getFirst();
        MimeMessage evaMail = awaitMail(eva, 1).getFirst();

        for (Person expert : new Person[]{erik, eva}) {
            String inbox = get(token(expert), "/notifications").body();
            assertThat(inbox).doesNotContain(SECRET).doesNotContain(note).doesNotContain(clientSide).contains(open);
            String log = get(token(expert), "/me/deliveries").body();
            assertThat(log).doesNotContain(note).doesNotContain(clientSide).contains(open);
            String diagnosis = get(token(expert), "/me/diagnosis").body();
            assertThat(diagnosis).doesNotContain("NOT_ALLOWED_TO_SEE").doesNotContain(SECRET);
            for (MimeMessage mail : mailTo(expert.email())) {
                assertThat(mail.getSubject()).doesNotContain(SECRET);
                assertThat(EmailTest.parts(mail).values()).allSatisfy(part -> assertThat(part).doesNotContain(SECRET).doesNotContain("probation"));
            }
        }
        assertThat(mailTo(erik.email())).hasSize(1);
        await().atMost(Duration.ofSeconds(20)).until(() -> !pushService.received(subscription).isEmpty());
        assertThat(pushService.received(subscription)).singleElement().satisfies(push -> {
            assertThat(push.payload()).contains("kickoff at 3").doesNotContain(SECRET);
        });
        assertThat(EmailTest.parts(digest).get("text")).contains("kickoff at 3");
        assertThat(EmailTest.parts(evaMail).get("text")).contains("kickoff at 3");
        assertThat(jdbc.queryForObject("select count(*) from deliveries where message_id in (?, ?) and user_id in (?, ?) and channel <> 'IN_APP'",
                Long.class, note, clientSide, erik.userId(), eva.userId())).isZero();
        // ops read the expert's log: the mention of him in the note was kept from him, and why
        String opsView = get(staffToken(), "/users/" + erik.userId() + "/deliveries").body();
        assertThat(opsView).contains(note).contains("NOT_ALLOWED_TO_SEE");
        assertThat(get(token(eva), "/users/" + erik.userId() + "/deliveries").statusCode()).isEqualTo(403);
    }

    @Test
    void aDemotedParticipantLosesItemsTheyMayNoLongerSee() {
        Project p = project();
        Person otto = p.person("otto", "Otto Ops", ParticipantRole.PLATFORM_OPS, "UTC"); // ops, not in this project
        String internal = p.post(otto, "ops only: @" + p.olga.handle() + " " + SECRET, Visibility.INTERNAL, MessageKind.GENERAL,
                Priority.NORMAL, null, at(p.olga));
        awaitInbox(p.olga, 1);
        p.chat.publish(new ChatEvent.ParticipantRoleChanged(p.olga.userId(), ParticipantRole.PLATFORM_OPS, ParticipantRole.EXPERT));
        awaitApplied(p);
        assertThat(get(token(p.olga), "/notifications").body()).doesNotContain(SECRET).doesNotContain(internal);
        assertThat(get(token(p.olga), "/me/deliveries").body()).doesNotContain(internal);
    }
}
