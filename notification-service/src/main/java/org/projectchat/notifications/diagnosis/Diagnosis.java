package org.projectchat.notifications.diagnosis;

import org.projectchat.notifications.availability.Reachability;
import org.projectchat.notifications.deliveries.DeliveryLog;
import org.projectchat.notifications.preferences.EmailCadence;
import org.projectchat.notifications.preferences.Preferences;
import org.projectchat.notifications.push.PushSubscriptions;
import org.projectchat.notifications.recipients.Level;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The troubleshooting list answered for one user: is email on and how often, is Do Not Disturb on, are they inside
 * their hours, which browsers take pushes and how the last ones went, when the last email went, and what was
 * suppressed lately and why; with the hints the support page gives, where they apply.
 */
@Component
public class Diagnosis {

    public record Email(String address, EmailCadence cadence, Map<String, EmailCadence> projectOverrides, int digestHour,
                        Instant lastSentAt, String lastSubject) {
    }

    public record Presence(String timeZone, boolean dndActive, Instant dndUntil, boolean hasSchedule, boolean insideHours,
                           Instant nextAvailableAt) {
    }

    public record Push(String service, Instant subscribedAt, Instant lastSuccessAt, Instant lastFailureAt, String lastError) {
    }

    public record Report(String userId, Level level, Map<String, Level> projectLevels, Email email, Presence presence,
                         List<Push> push, Map<String, Long> suppressedLast7Days, Map<String, Long> pendingOrFailed,
                         List<String> hints) {
    }

    private final Preferences preferences;
    private final PushSubscriptions subscriptions;
    private final DeliveryLog log;
    private final JdbcTemplate jdbc;
    private final Clock clock;

    public Diagnosis(Preferences preferences, PushSubscriptions subscriptions, DeliveryLog log, JdbcTemplate jdbc, Clock clock) {
        this.preferences = preferences;
        this.subscriptions = subscriptions;
        this.log = log;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    public Report of(String userId, boolean staffReader) {
        Instant now = clock.instant();
        var choices = preferences.choices(userId);
        var defaults = choices.getOrDefault(Preferences.DEFAULTS, new Preferences.Choice(null, null));
        Level level = defaults.level() == null ? Preferences.DEFAULT_LEVEL : defaults.level();
        EmailCadence cadence = defaults.emailCadence() == null ? Preferences.DEFAULT_CADENCE : defaults.emailCadence();
        Map<String, Level> projectLevels = new LinkedHashMap<>();
        Map<String, EmailCadence> projectCadences = new LinkedHashMap<>();
        choices.forEach((project, choice) -> {
            if (!project.equals(Preferences.DEFAULTS)) {
                if (choice.level() != null) {
                    projectLevels.put(project, choice.level());
                }
                if (choice.emailCadence() != null) {
                    projectCadences.put(project, choice.emailCadence());
                }
            }
        });
        Preferences.Settings settings = preferences.settings(userId);
        List<Map<String, Object>> roster = jdbc.queryForList("""
                select email, time_zone from project_participants where user_id = ? and active order by joined_at desc limit 1""", userId);
        String address = roster.isEmpty() ? null : (String) roster.getFirst().get("email");
        ZoneId zone = Preferences.zone(settings.timeZone(), roster.isEmpty() ? null : (String) roster.getFirst().get("time_zone"));
        Reachability reach = new Reachability(settings.dndUntil(),
                settings.hours() == null ? org.projectchat.notifications.availability.WeeklyHours.always(zone)
                        : new org.projectchat.notifications.availability.WeeklyHours(zone, settings.hours().days()));
        List<Map<String, Object>> last = jdbc.queryForList(
                "select sent_at, subject from emails_sent where user_id = ? order by sent_at desc limit 1", userId);
        Instant lastSent = last.isEmpty() ? null : ((Timestamp) last.getFirst().get("sent_at")).toInstant();
        Email email = new Email(address, cadence, projectCadences, settings.digestHour(), lastSent,
                last.isEmpty() ? null : (String) last.getFirst().get("subject"));
        Presence presence = new Presence(zone.getId(), reach.dndActive(now), reach.dndActive(now) ? reach.dndUntil() : null,
                reach.hours().isSchedule(), reach.hours().isAvailable(now),
                reach.reachableFrom(now).equals(now) ? null : reach.reachableFrom(now));
        List<Push> push = subscriptions.of(userId).stream().map(s -> new Push(java.net.URI.create(s.endpoint()).getHost(),
                s.createdAt(), s.lastSuccessAt(), s.lastFailureAt(), s.lastError())).toList();
        Map<String, Long> suppressed = log.suppressedSince(userId, staffReader, now.minus(Duration.ofDays(7)));
        Map<String, Long> open = log.openAndFailed(userId, now.minus(Duration.ofDays(7)));
        return new Report(userId, level, projectLevels, email, presence, push, suppressed, open,
                hints(level, email, presence, push, suppressed));
    }

    private static List<String> hints(Level level, Email email, Presence presence, List<Push> push, Map<String, Long> suppressed) {
        List<String> hints = new ArrayList<>();
        if (level == Level.URGENT_ONLY) {
            hints.add("Your notification level is 'urgent only': mentions that are not urgent reach you in the app only if "
                    + "you open it, not as notifications. Check your notification settings.");
        }
        if (email.cadence() == EmailCadence.OFF) {
            hints.add("Email is off. Check your notification settings.");
        } else if (email.address() == null) {
            hints.add("No email address is known for you; the platform's profile gives it.");
        } else {
            hints.add("Email goes to " + email.address() + " (" + email.cadence().name().toLowerCase().replace('_', ' ')
                    + "). If it does not arrive, verify it isn't in your spam folder.");
        }
        email.projectOverrides().forEach((project, cadence) -> {
            if (cadence == EmailCadence.OFF) {
                hints.add("Email is off for project " + project + ".");
            }
        });
        if (presence.dndActive()) {
            hints.add("Do Not Disturb is on until " + presence.dndUntil() + ": email and push wait until then (urgent matters "
                    + "still come through).");
        } else if (presence.hasSchedule() && !presence.insideHours()) {
            hints.add("You are outside your availability hours until " + presence.nextAvailableAt()
                    + ": email and push wait until then.");
        }
        if (push.isEmpty()) {
            hints.add("No browser is subscribed to push notifications: enable browser notifications to get them.");
        } else {
            push.stream().filter(p -> p.lastFailureAt() != null && (p.lastSuccessAt() == null || p.lastFailureAt().isAfter(p.lastSuccessAt())))
                    .forEach(p -> hints.add("The last push to " + p.service() + " failed (" + p.lastError() + ")."));
        }
        if (suppressed.getOrDefault("PREFERENCE", 0L) > 0) {
            hints.add(suppressed.get("PREFERENCE") + " notifications in the last 7 days were not sent because of your settings.");
        }
        return hints;
    }
}
