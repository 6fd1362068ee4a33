package org.projectchat.notifications.diagnosis;

import org.projectchat.baseline.web.ApiProblem;
import org.projectchat.contract.PlatformUser;
import org.projectchat.notifications.deliveries.Dispatcher;
import org.projectchat.notifications.email.EmailDispatcher;
import org.projectchat.notifications.preferences.EmailCadence;
import org.projectchat.notifications.push.PushDispatcher;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * "Send me a test notification": an email to the caller's address and a push to each of their browsers, now, whatever
 * their settings hold back (they asked for it), answered with what became of each and the diagnosis' hints, so a user
 * sees at once whether email and push reach them. At most one test per user every {@link #INTERVAL}, however many
 * instances of the service answer: the turn is taken in PostgreSQL, in one statement.
 */
@Component
public class TestNotification {

    static final Duration INTERVAL = Duration.ofSeconds(20);

    /** What became of the test on one channel. */
    public record Outcome(String channel, boolean sent, String detail) {
    }

    public record Report(List<Outcome> outcomes, List<String> hints) {
    }

    private final Diagnosis diagnosis;
    private final EmailDispatcher email;
    private final PushDispatcher push;
    private final Clock clock;
    private final JdbcTemplate jdbc;

    public TestNotification(Diagnosis diagnosis, EmailDispatcher email, PushDispatcher push, Clock clock, JdbcTemplate jdbc) {
        this.diagnosis = diagnosis;
        this.email = email;
        this.push = push;
        this.clock = clock;
        this.jdbc = jdbc;
    }

    /** Takes the user's turn: false when their last test is less than {@link #INTERVAL} ago (on any instance). */
    private boolean takeTurn(String userId, Instant now) {
        return jdbc.update("""
                insert into test_notifications (user_id, sent_at) values (?, ?)
                on conflict (user_id) do update set sent_at = excluded.sent_at
                where test_notifications.sent_at <= ?""",
                userId, Timestamp.from(now), Timestamp.from(now.minus(INTERVAL))) == 1;
    }

    public Report send(PlatformUser user) {
        if (!takeTurn(user.userId(), clock.instant())) {
            throw new ApiProblem(HttpStatus.TOO_MANY_REQUESTS, "test-too-soon", "Too many requests",
                    "A test notification went out moments ago; try again in " + INTERVAL.toSeconds() + " seconds.");
        }
        Diagnosis.Report report = diagnosis.of(user.userId(), false);
        String name = user.displayName() == null ? user.userId() : user.displayName();
        Outcome mail;
        String address = report.email().address();
        if (address == null) {
            mail = new Outcome("EMAIL", false, "No email address is known for you; the platform's profile gives it.");
        } else {
            Dispatcher.Result result = email.sendTest(user.userId(), name, address);
            String off = report.email().cadence() == EmailCadence.OFF
                    ? " Email notifications are off in your settings, so your projects send you none." : "";
            mail = result instanceof Dispatcher.Sent
                    ? new Outcome("EMAIL", true, "Sent to " + address + ". If it does not arrive, verify it isn't in your spam folder." + off)
                    : new Outcome("EMAIL", false, "The mail server did not take it: " + error(result) + off);
        }
        Dispatcher.Result pushed = push.sendTest(user.userId());
        Outcome browser = pushed == null
                ? new Outcome("PUSH", false, "No browser is subscribed to push notifications: turn on browser notifications first.")
                : pushed instanceof Dispatcher.Sent sent
                ? new Outcome("PUSH", true, "Sent: " + sent.detail() + ".")
                : new Outcome("PUSH", false, "The push service did not take it: " + error(pushed));
        return new Report(List.of(new Outcome("IN_APP", true, "In-app notifications are always on."), mail, browser),
                report.hints());
    }

    private static String error(Dispatcher.Result result) {
        return switch (result) {
            case Dispatcher.Retry retry -> retry.error();
            case Dispatcher.Failed failed -> failed.error();
            case Dispatcher.Sent sent -> sent.detail();
        };
    }
}
