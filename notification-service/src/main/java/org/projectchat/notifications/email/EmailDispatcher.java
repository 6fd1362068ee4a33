package org.projectchat.notifications.email;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.Transport;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import org.projectchat.eventsourcing.notify.PostgresNotifications;
import org.projectchat.notifications.deliveries.Channel;
import org.projectchat.notifications.deliveries.DeliveryQueue;
import org.projectchat.notifications.deliveries.DispatchProperties;
import org.projectchat.notifications.deliveries.Dispatcher;
import org.projectchat.notifications.deliveries.Recheck;
import org.projectchat.notifications.preferences.Preferences;
import org.projectchat.notifications.preferences.Profile;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.stereotype.Component;

import java.io.UnsupportedEncodingException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Date;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.List;
import java.util.UUID;

/**
 * Sends due email over SMTP: one email per notification, or one digest per user for what waited (batch, digest,
 * Do Not Disturb, hours). Each email is threaded per project ({@code Message-ID}, {@code In-Reply-To},
 * {@code References}) and carries a signed one-click unsubscribe (RFC 8058). A server that is down or refuses for a
 * while is retried with back-off; an address the server rejects fails for good.
 */
@Component
public class EmailDispatcher extends Dispatcher {

    /** The domain of the Message-IDs this service makes. */
    static final String ID_DOMAIN = "notifications.projectchat";

    private final JavaMailSenderImpl mail;
    private final MailComposer composer;
    private final UnsubscribeLinks unsubscribe;
    private final org.projectchat.notifications.links.Links links;
    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final String from;
    private final String fromName;

    public EmailDispatcher(DeliveryQueue queue, Recheck recheck, Clock clock, EmailProperties properties,
                           PostgresNotifications notifications, MeterRegistry meters, JavaMailSenderImpl mail,
                           MailComposer composer, UnsubscribeLinks unsubscribe, org.projectchat.notifications.links.Links links,
                           JdbcTemplate jdbc) {
        super(Channel.EMAIL, queue, recheck, clock, properties.dispatch(), notifications, meters);
        this.mail = mail;
        this.composer = composer;
        this.unsubscribe = unsubscribe;
        this.links = links;
        this.jdbc = jdbc;
        this.clock = clock;
        this.from = properties.from();
        this.fromName = properties.fromName();
    }

    /** One email written and ready to go, with the rows it delivers. */
    private record Outgoing(String userId, MimeMessage message, String messageId, String subject, List<Long> ids, int items) {
    }

    @Override
    protected List<Result> send(String userId, List<Ready> single, List<Ready> together) {
        return sendPass(List.of(new UserItems(userId, single, together))).getFirst();
    }

    /** Writes every email of the pass, then sends them one after the other over one SMTP connection. */
    @Override
    protected List<List<Result>> sendPass(List<UserItems> users) {
        List<List<Result>> results = new ArrayList<>();
        List<List<Outgoing>> outgoing = new ArrayList<>();
        for (UserItems user : users) {
            List<Result> mine = new ArrayList<>();
            List<Outgoing> written = new ArrayList<>();
            for (Ready ready : user.single()) {
                write(ready.profile(), List.of(ready), ready.message().projectId(), false, mine, written);
            }
            if (!user.together().isEmpty()) {
                List<String> projects = user.together().stream().map(r -> r.message().projectId()).distinct().toList();
                write(user.together().getFirst().profile(), user.together(), projects.size() == 1 ? projects.getFirst() : null,
                        true, mine, written);
            }
            results.add(mine);
            outgoing.add(written);
        }
        Map<Outgoing, Result> outcomes = transmit(outgoing.stream().flatMap(List::stream).toList());
        List<Object[]> sentRows = new ArrayList<>();
        Timestamp now = Timestamp.from(clock.instant());
        for (int i = 0; i < users.size(); i++) {
            for (Outgoing o : outgoing.get(i)) {
                Result result = outcomes.get(o);
                results.get(i).add(result);
                if (result instanceof Sent) {
                    sentRows.add(new Object[]{o.userId(), o.messageId(), o.subject(), o.items(), now});
                }
            }
        }
        recordSent(sentRows);
        return results;
    }

    /** What went, for the diagnosis' "last email sent". */
    private void recordSent(List<Object[]> rows) {
        if (!rows.isEmpty()) {
            jdbc.batchUpdate("insert into emails_sent (user_id, message_id_header, subject, items, sent_at) values (?, ?, ?, ?, ?)",
                    rows);
        }
    }

    /** An email from this service to {@code address}, with both parts, that keeps its Message-ID; headers may be added. */
    private MimeMessage mime(String address, MailComposer.Mail text, String messageId)
            throws MessagingException, UnsupportedEncodingException {
        MimeMessage message = new ThreadedMessage(mail.getSession(), messageId);
        MimeMessageHelper helper = new MimeMessageHelper(message, true, "UTF-8");
        helper.setFrom(from, fromName);
        helper.setTo(address);
        helper.setSubject(text.subject());
        helper.setText(text.text(), text.html());
        message.setHeader("Auto-Submitted", "auto-generated");
        message.setSentDate(new Date(clock.millis()));
        return message;
    }

    /**
     * Sends the test email a user asks for, now, whatever their settings hold back (they asked for it): whether it went,
     * or what the mail server said. A sent one is the "last email sent" of the diagnosis.
     */
    public Result sendTest(String userId, String name, String address) {
        MailComposer.Mail text = composer.test(name);
        String messageId = "<" + UUID.randomUUID() + "@" + ID_DOMAIN + ">";
        Outgoing email;
        try {
            MimeMessage message = mime(address, text, messageId);
            message.saveChanges();
            email = new Outgoing(userId, message, messageId, text.subject(), List.of(), 1);
        } catch (MessagingException | UnsupportedEncodingException e) {
            return new Failed(List.of(), "the email could not be written: " + e.getMessage());
        }
        Result result = transmit(List.of(email)).get(email);
        if (result instanceof Sent) {
            recordSent(List.<Object[]>of(new Object[]{userId, messageId, text.subject(), 0, Timestamp.from(clock.instant())}));
        }
        return result;
    }

    /** One email, or one digest of {@code items}; threaded when they are of one project. */
    private void write(Profile profile, List<Ready> items, String threadProject, boolean digest, List<Result> results,
                       List<Outgoing> written) {
        List<Long> ids = items.stream().map(r -> r.due().id()).toList();
        String token = unsubscribe.token(profile.userId(), threadProject != null ? threadProject : Preferences.DEFAULTS);
        MailComposer.Mail mailText = digest ? composer.digest(name(profile), items, profile.zone(), links.unsubscribe(token))
                : composer.message(name(profile), items.getFirst(), profile.zone(), links.unsubscribe(token));
        String messageId = "<" + UUID.randomUUID() + "@" + ID_DOMAIN + ">";
        try {
            MimeMessage message = mime(profile.email(), mailText, messageId);
            if (threadProject != null) {
                // one project's mail is one thread: every email refers to the project's (never sent) root message
                String root = "<project." + threadProject.replaceAll("[^A-Za-z0-9._-]", "_") + "@" + ID_DOMAIN + ">";
                message.setHeader("In-Reply-To", root);
                message.setHeader("References", root);
                message.setHeader("List-Id", "<" + threadProject.replaceAll("[^A-Za-z0-9._-]", "_") + ".projects." + ID_DOMAIN + ">");
            }
            message.setHeader("List-Unsubscribe", "<" + links.unsubscribe(token) + ">");
            message.setHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
            message.saveChanges();
            written.add(new Outgoing(profile.userId(), message, messageId, mailText.subject(), ids, items.size()));
        } catch (MessagingException | UnsupportedEncodingException e) {
            results.add(new Failed(ids, "the email could not be written: " + e.getMessage()));
        }
    }

    /**
     * Sends over one connection, one email after the other. An address the server refuses fails that email for good;
     * anything else (the server down, the connection lost, a refusal for now) is retried later, with what was not
     * sent yet.
     */
    private Map<Outgoing, Result> transmit(List<Outgoing> emails) {
        Map<Outgoing, Result> outcomes = new IdentityHashMap<>();
        if (emails.isEmpty()) {
            return outcomes;
        }
        Transport transport = null;
        try {
            transport = mail.getSession().getTransport(mail.getProtocol() == null ? "smtp" : mail.getProtocol());
            // as JavaMailSenderImpl connects: an empty user name means no authentication
            boolean anonymous = mail.getUsername() == null || mail.getUsername().isEmpty();
            transport.connect(mail.getHost(), mail.getPort(), anonymous ? null : mail.getUsername(),
                    anonymous && "".equals(mail.getPassword()) ? null : mail.getPassword());
            for (Outgoing email : emails) {
                try {
                    transport.sendMessage(email.message(), email.message().getAllRecipients());
                    String detail = email.items() == 1 ? "email " + email.messageId() : "digest of " + email.items() + ", email " + email.messageId();
                    outcomes.put(email, new Sent(email.ids(), detail));
                } catch (SendFailedException refused) {
                    if (refused.getInvalidAddresses() != null && refused.getInvalidAddresses().length > 0) {
                        outcomes.put(email, new Failed(email.ids(), "the mail server refused the address: " + refused.getMessage()));
                    } else {
                        outcomes.put(email, new Retry(email.ids(), refused.getMessage(), null));
                    }
                }
            }
        } catch (AuthenticationFailedException e) {
            retryRest(emails, outcomes, "SMTP authentication failed: " + e.getMessage());
        } catch (MessagingException e) {
            retryRest(emails, outcomes, e.getMessage() == null ? e.toString() : e.getMessage());
        } finally {
            if (transport != null) {
                try {
                    transport.close();
                } catch (MessagingException ignored) {
                    // the connection is gone already
                }
            }
        }
        return outcomes;
    }

    private static void retryRest(List<Outgoing> emails, Map<Outgoing, Result> outcomes, String error) {
        for (Outgoing email : emails) {
            outcomes.putIfAbsent(email, new Retry(email.ids(), error, null));
        }
    }

    private static String name(Profile profile) {
        return profile.displayName() == null ? profile.userId() : profile.displayName();
    }

    /** A MIME message that keeps the Message-ID it was given (JavaMail makes a new one when it is saved). */
    static final class ThreadedMessage extends MimeMessage {
        private final String messageId;

        ThreadedMessage(Session session, String messageId) {
            super(session);
            this.messageId = messageId;
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", messageId);
        }
    }
}
