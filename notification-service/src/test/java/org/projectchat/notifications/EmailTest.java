package org.projectchat.notifications;

import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.projectchat.contract.MessageKind;
import org.projectchat.contract.Priority;
import org.projectchat.contract.Visibility;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Email: what one looks like, threading, one-click unsubscribe, one email per event, batches and digests. */
class EmailTest extends NotificationServiceTest {

    static String header(MimeMessage m, String name) {
        try {
            String[] values = m.getHeader(name);
            return values == null ? null : values[0];
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The text/plain and text/html parts of a multipart/alternative mail (inside a multipart/mixed). */
    static Map<String, String> parts(MimeMessage m) throws Exception {
        java.util.Map<String, String> parts = new java.util.HashMap<>();
        collect(m.getContent(), parts);
        return parts;
    }

    private static void collect(Object content, Map<String, String> parts) throws Exception {
        if (content instanceof Multipart multipart) {
            for (int i = 0; i < multipart.getCount(); i++) {
                BodyPart part = multipart.getBodyPart(i);
                if (part.isMimeType("text/plain")) {
                    parts.put("text", (String) part.getContent());
                } else if (part.isMimeType("text/html")) {
                    parts.put("html", (String) part.getContent());
                } else {
                    collect(part.getContent(), parts);
                }
            }
        }
    }

    @Test
    void anEmailNamesSenderAndProjectEscapesTheMessageShowsCodeAndLinksToIt() throws Exception {
        Project p = project();
        String body = "@clara the <script>alert(1)</script> report & plan:\n```sql\nselect * from runs where id < 10;\n```\ndone";
        String id = p.post(p.erik, body, Visibility.EVERYONE, MessageKind.PROGRESS_UPDATE, Priority.NORMAL, null, at(p.clara));
        MimeMessage mail = awaitMail(p.clara, 1).getFirst();
        assertThat(mail.getSubject()).startsWith("[Project " + p.id + "] Erik Expert: @clara the <script>");
        assertThat(mail.getFrom()[0].toString()).contains("notifications@projectchat.local");
        var parts = parts(mail);
        String html = parts.get("html");
        assertThat(html).contains("&lt;script&gt;alert(1)&lt;/script&gt;").doesNotContain("<script>")
                .contains("<pre").contains("select * from runs where id &lt; 10;")
                .contains("https://chat.example.com/#/projects/" + p.id + "/messages/" + id)
                .contains("Erik Expert").contains("mentioned you").contains("Progress update");
        assertThat(parts.get("text")).contains("select * from runs where id < 10;").contains("Open the message: https://chat.example.com/#/projects/"
                + p.id + "/messages/" + id);
        // threading: one project's mail refers to one root
        String root = header(mail, "References");
        assertThat(root).isEqualTo(header(mail, "In-Reply-To")).contains(p.id.replace("-", "-"));
        assertThat(header(mail, "Message-ID")).endsWith("@notifications.projectchat>");
        p.mention(p.eva, p.clara, "@clara second");
        MimeMessage next = awaitMail(p.clara, 2).get(1);
        assertThat(header(next, "References")).isEqualTo(root);
        assertThat(header(next, "Message-ID")).isNotEqualTo(header(mail, "Message-ID"));
        // RFC 8058
        assertThat(header(mail, "List-Unsubscribe-Post")).isEqualTo("List-Unsubscribe=One-Click");
        assertThat(header(mail, "List-Unsubscribe")).startsWith("<http://localhost:8084/unsubscribe/").endsWith(">");
        awaitDelivered(p.clara, id, "EMAIL");
    }

    @Test
    void oneClickUnsubscribeSwitchesThatProjectsEmailOffWithoutLoggingIn() throws Exception {
        Project p = project();
        Project other = project();
        p.mention(p.erik, p.clara, "@clara first");
        MimeMessage mail = awaitMail(p.clara, 1).getFirst();
        String link = header(mail, "List-Unsubscribe");
        String path = URI.create(link.substring(1, link.length() - 1)).getPath();
        // a link scanner's GET changes nothing
        var page = send(HttpRequest.newBuilder(URI.create(url(path))).build());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<form method=\"post\"");
        // the mail client's one click: a cookie-less POST with List-Unsubscribe=One-Click
        var click = send(HttpRequest.newBuilder(URI.create(url(path))).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("List-Unsubscribe=One-Click")).build());
        assertThat(click.statusCode()).isEqualTo(200);
        assertThat(click.body()).contains("Unsubscribed");

        String after = p.mention(p.erik, p.clara, "@clara after unsubscribing");
        awaitInbox(p.clara, 2); // in-app stays on
        awaitApplied(p);
        assertThat(delivery(p.clara, after, "EMAIL")).containsEntry("state", "SUPPRESSED").containsEntry("detail", "PREFERENCE");
        assertThat(mailTo(p.clara.email())).hasSize(1);
        // a forged or altered token does nothing
        var forged = send(HttpRequest.newBuilder(URI.create(url(path.substring(0, path.length() - 2) + "xx")))
                .POST(HttpRequest.BodyPublishers.noBody()).build());
        assertThat(forged.statusCode()).isEqualTo(404);
        assertThat(forged.headers().firstValue("Content-Type").orElse("")).contains("application/problem+json");
        // another project's email is still on
        Person claraElsewhere = other.clara;
        other.mention(other.erik, claraElsewhere, "@clara other project");
        awaitMail(claraElsewhere, 1);
    }

    @Test
    void theSameEventTwiceSendsOneEmail() {
        Project p = project();
        String id = p.mention(p.erik, p.clara, "@clara only once");
        awaitMail(p.clara, 1);
        sendAgain(p.chat.sent().getLast());
        sendAgain(p.chat.sent().getLast());
        p.mention(p.erik, p.anna, "@anna a later event, to know the repeats were read"); // same partition, after them
        awaitMail(p.anna, 1);
        assertThat(mailTo(p.clara.email())).hasSize(1);
        assertThat(jdbc.queryForObject("select count(*) from notifications where message_id = ?", Long.class, id)).isEqualTo(1);
    }

    @Test
    void aBatchIsOneEmailByProjectLeavingOutWhatWasReadAndAnEmptyBatchSendsNothing() throws Exception {
        Project a = project();
        Person clara = a.clara;
        assertThat(put(token(clara), "/preferences", "{\"email\":\"EVERY_15_MINUTES\"}").statusCode()).isEqualTo(200);
        clock.set(MONDAY_10.plusSeconds(60)); // 10:01: the batch goes at 10:15
        a.mention(a.erik, clara, "@clara batched one");
        a.mention(a.eva, clara, "@clara batched two, read in the app before the batch");
        long readUpTo = a.position();
        a.mention(a.erik, clara, "@clara batched three");
        a.read(clara, readUpTo - 1); // reads up to "one"... then "two" as well
        a.read(clara, readUpTo);
        awaitApplied(a);
        assertThat(mailTo(clara.email())).isEmpty();
        clock.set(MONDAY_10.plus(Duration.ofMinutes(15)));
        MimeMessage digest = awaitMail(clara, 1).getFirst();
        assertThat(digest.getSubject()).isEqualTo("[Project " + a.id + "] 1 new notification");
        var parts = parts(digest);
        assertThat(parts.get("text")).contains("batched three").doesNotContain("batched one").doesNotContain("batched two");
        assertThat(parts.get("html")).contains("batched three");

        // an empty batch: everything read before 10:30
        clock.set(MONDAY_10.plus(Duration.ofMinutes(16)));
        String later = a.mention(a.erik, clara, "@clara read before the next batch");
        a.read(clara, a.position());
        awaitApplied(a);
        clock.set(MONDAY_10.plus(Duration.ofMinutes(30)));
        await().atMost(Duration.ofSeconds(10)).until(() -> "SUPPRESSED".equals(delivery(clara, later, "EMAIL").get("state")));
        assertThat(delivery(clara, later, "EMAIL")).containsEntry("detail", "ALREADY_READ");
        assertThat(mailTo(clara.email())).hasSize(1);
        clock.set(MONDAY_10);
    }

    @Test
    void anHourlyDigestListsSeveralProjectsByProject() throws Exception {
        Project a = project();
        Person anna = a.anna;
        // the same person in a second project
        Project b = new Project(List.of(a.erik, anna));
        assertThat(put(token(anna), "/preferences", "{\"email\":\"HOURLY\"}").statusCode()).isEqualTo(200);
        clock.set(MONDAY_10.plus(Duration.ofMinutes(5)));
        a.mention(a.erik, anna, "@anna alpha one");
        b.mention(a.erik, anna, "@anna beta one");
        a.mention(a.erik, anna, "@anna alpha two");
        awaitApplied(a);
        awaitApplied(b);
        clock.set(MONDAY_10.plus(Duration.ofMinutes(59)));
        assertThat(mailTo(anna.email())).isEmpty();
        clock.set(MONDAY_10.plus(Duration.ofHours(1)));
        MimeMessage digest = awaitMail(anna, 1).getFirst();
        assertThat(digest.getSubject()).isEqualTo("[2 projects] 3 new notifications");
        String text = parts(digest).get("text");
        assertThat(text.indexOf("alpha one")).isLessThan(text.indexOf("alpha two"));
        assertThat(text).contains("== Project " + a.id + " ==").contains("== Project " + b.chat.projectId + " ==");
        assertThat(header(digest, "List-Unsubscribe")).isNotNull();
        Thread.onSpinWait();
        clock.set(MONDAY_10);
    }
}
