package org.projectchat.notifications.deliveries;

import org.projectchat.contract.ParticipantRole;
import org.projectchat.contract.Visibility;
import org.projectchat.contract.VisibilityRule;
import org.projectchat.notifications.preferences.EmailCadence;
import org.projectchat.notifications.preferences.Preferences;
import org.projectchat.notifications.preferences.Profile;
import org.projectchat.notifications.recipients.Suppression;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The check made again as an email or push finally goes out, however long it waited: the message still exists, the
 * recipient still takes part and may see it (by the visibility rule, with their role now), has not read it in the
 * app meanwhile (for what waited in a batch or digest), still wants this channel, and is not in Do Not Disturb or
 * outside their hours now (unless it is urgent).
 */
@Component
public class Recheck {

    public sealed interface Verdict {
    }

    public record Send(Message message, Profile profile) implements Verdict {
    }

    public record Suppress(Suppression why) implements Verdict {
    }

    public record Wait(Instant until, String why) implements Verdict {
    }

    /** What a dispatcher needs of the message to write about it. */
    public record Message(String messageId, String projectId, String projectTitle, long position, String authorId,
                          String authorName, String kind, String visibility, boolean urgent, String body, Instant postedAt) {
    }

    private final JdbcTemplate jdbc;
    private final Preferences preferences;

    public Recheck(JdbcTemplate jdbc, Preferences preferences) {
        this.jdbc = jdbc;
        this.preferences = preferences;
    }

    /** Verdicts for one user's due rows on a channel, by row id. */
    public Map<Long, Verdict> check(String userId, List<DeliveryQueue.Due> due, Channel channel, Instant now) {
        Map<Long, Verdict> verdicts = new HashMap<>();
        Map<String, Message> messages = new HashMap<>();
        Map<String, Boolean> deleted = new HashMap<>();
        jdbc.query("""
                select m.message_id, m.project_id, coalesce(p.title, m.project_id), m.position, m.author_id, m.author_name,
                       m.kind, m.visibility, m.urgent, m.body, m.posted_at, m.deleted
                from messages m left join projects p on p.project_id = m.project_id where m.message_id = any(?)""", rs -> {
            messages.put(rs.getString(1), new Message(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4),
                    rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getBoolean(9), rs.getString(10),
                    rs.getTimestamp(11).toInstant()));
            deleted.put(rs.getString(1), rs.getBoolean(12));
        }, (Object) due.stream().map(DeliveryQueue.Due::messageId).distinct().toArray(String[]::new));
        Map<String, ParticipantRole> roles = new HashMap<>();
        Map<String, Long> readUpTo = new HashMap<>();
        String[] projects = due.stream().map(DeliveryQueue.Due::projectId).distinct().toArray(String[]::new);
        jdbc.query("select project_id, role from project_participants where user_id = ? and active and project_id = any(?)",
                rs -> {
                    roles.put(rs.getString(1), ParticipantRole.valueOf(rs.getString(2)));
                }, userId, projects);
        jdbc.query("select project_id, up_to from read_positions where user_id = ? and project_id = any(?)", rs -> {
            readUpTo.put(rs.getString(1), rs.getLong(2));
        }, userId, projects);
        Map<String, List<String>> wanted = new HashMap<>();
        for (String project : projects) {
            wanted.put(project, List.of(userId));
        }
        Map<String, Profile> profiles = new HashMap<>();
        preferences.profiles(wanted).forEach((project, byUser) -> profiles.put(project, byUser.get(userId)));
        for (DeliveryQueue.Due d : due) {
            Message message = messages.get(d.messageId());
            Profile profile = profiles.get(d.projectId());
            ParticipantRole role = roles.get(d.projectId());
            Verdict verdict;
            if (message == null || deleted.getOrDefault(d.messageId(), false)) {
                verdict = new Suppress(Suppression.DELETED);
            } else if (role == null) {
                verdict = new Suppress(Suppression.REMOVED);
            } else if (!VisibilityRule.maySee(VisibilityRule.Reader.participant(role), Visibility.valueOf(message.visibility()))) {
                verdict = new Suppress(Suppression.NOT_ALLOWED_TO_SEE);
            } else if (readUpTo.getOrDefault(d.projectId(), 0L) >= message.position()) {
                verdict = new Suppress(Suppression.ALREADY_READ);
            } else if (channel == Channel.EMAIL && profile.cadence() == EmailCadence.OFF) {
                verdict = new Suppress(Suppression.PREFERENCE);
            } else if (channel == Channel.EMAIL && (profile.email() == null || profile.email().isBlank())) {
                verdict = new Suppress(Suppression.NO_ADDRESS);
            } else if (!d.urgent() && profile.reachability().holdReason(now) != null) {
                verdict = new Wait(profile.reachability().reachableFrom(now), profile.reachability().holdReason(now));
            } else {
                verdict = new Send(message, profile);
            }
            verdicts.put(d.id(), verdict);
        }
        return verdicts;
    }
}
