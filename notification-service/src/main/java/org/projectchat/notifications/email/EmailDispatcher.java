package org.projectchat.notifications.email;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.mail.MessagingException;
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
import org.springframework.mail.MailAuthenticationException;
import org.springframework.mail.MailException;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.stereotype.Component;

import java.io.UnsupportedEncodingException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
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
    private final Recheck recheck;
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
        this.recheck = recheck;
        this.jdbc = jdbc;
        this.clock = clock;
        this.from = properties.from();
        this.fromName = properties.fromName();
    }

    @Override
    protected List<Result> send(String userId, List<Ready> single, List<Ready> together) {
        List<Result> results = new ArrayList<>();
        for (Ready ready : single) {
            Profile profile = recheck.profile(userId, ready.message().projectId());
            String token = unsubscribe.token(userId, ready.message().projectId());
            MailComposer.Mail written = composer.message(name(profile), ready, profile.zone(), links.unsubscribe(token));
            results.add(send(profile, written, List.of(ready), ready.message().projectId(), token));
        }
        if (!together.isEmpty()) {
            List<String> projects = together.stream().map(r -> r.message().projectId()).distinct().toList();
            String project = projects.size() == 1 ? projects.getFirst() : Preferences.DEFAULTS;
            Profile profile = recheck.profile(userId, together.getFirst().message().projectId());
            String token = unsubscribe.token(userId, project);
            MailComposer.Mail written = composer.digest(name(profile), together, profile.zone(), links.unsubscribe(token));
            results.add(send(profile, written, together, projects.size() == 1 ? project : null, token));
        }
        return results;
    }

    private Result send(Profile profile, MailComposer.Mail written, List<Ready> items, String threadProject, String token) {
        List<Long> ids = items.stream().map(r -> r.due().id()).toList();
        String messageId = "<" + UUID.randomUUID() + "@" + ID_DOMAIN + ">";
        try {
            MimeMessage message = new ThreadedMessage(mail.getSession(), messageId);
            MimeMessageHelper helper = new MimeMessageHelper(message, true, "UTF-8");
            helper.setFrom(from, fromName);
            helper.setTo(profile.email());
            helper.setSubject(written.subject());
            helper.setText(written.text(), written.html());
            if (threadProject != null) {
                // one project's mail is one thread: every email refers to the project's (never sent) root message
                String root = "<project." + threadProject.replaceAll("[^A-Za-z0-9._-]", "_") + "@" + ID_DOMAIN + ">";
                message.setHeader("In-Reply-To", root);
                message.setHeader("References", root);
                message.setHeader("List-Id", "<" + threadProject.replaceAll("[^A-Za-z0-9._-]", "_") + ".projects." + ID_DOMAIN + ">");
            }
            message.setHeader("List-Unsubscribe", "<" + links.unsubscribe(token) + ">");
            message.setHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
            message.setHeader("Auto-Submitted", "auto-generated");
            mail.send(message);
        } catch (MailAuthenticationException e) {
            return new Retry(ids, "SMTP authentication failed: " + e.getMessage(), null);
        } catch (MailException e) {
            if (e.getCause() instanceof SendFailedException refused && refused.getInvalidAddresses() != null
                    && refused.getInvalidAddresses().length > 0) {
                return new Failed(ids, "the mail server refused the address: " + refused.getMessage());
            }
            return new Retry(ids, e.getMessage(), null);
        } catch (MessagingException | UnsupportedEncodingException e) {
            return new Failed(ids, "the email could not be written: " + e.getMessage());
        }
        jdbc.update("insert into emails_sent (user_id, message_id_header, subject, items, sent_at) values (?, ?, ?, ?, ?)",
                profile.userId(), messageId, written.subject(), items.size(), Timestamp.from(clock.instant()));
        return new Sent(ids, items.size() == 1 ? "email " + messageId : "digest of " + items.size() + ", email " + messageId);
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
