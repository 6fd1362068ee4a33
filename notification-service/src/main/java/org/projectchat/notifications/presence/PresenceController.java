package org.projectchat.notifications.presence;

import org.projectchat.notifications.availability.Reachability;

import io.swagger.v3.oas.annotations.Operation;
import org.projectchat.baseline.web.PathIds;
import org.projectchat.contract.PlatformUser;
import org.projectchat.eventsourcing.roster.ProjectReaders;
import org.projectchat.eventsourcing.roster.Rosters;
import org.projectchat.notifications.preferences.Preferences;
import org.projectchat.notifications.preferences.Profile;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;

/**
 * Participants of a project see each other's availability, so a client knows when an answer can come: local time,
 * available now or not, Do Not Disturb until, next available at.
 */
@RestController
public class PresenceController {

    private final ProjectReaders readers;
    private final Rosters rosters;
    private final Preferences preferences;
    private final Clock clock;

    public PresenceController(ProjectReaders readers, Rosters rosters, Preferences preferences, Clock clock) {
        this.readers = readers;
        this.rosters = rosters;
        this.preferences = preferences;
        this.clock = clock;
    }

    /**
     * @param availableNow     inside their hours and not in Do Not Disturb
     * @param availableUntil   when their current hours end (null without a schedule, or when not available)
     * @param nextAvailableAt  when they are next available, if not now
     */
    public record Availability(String userId, String displayName, String role, String timeZone, LocalDateTime localTime,
                               boolean availableNow, Instant dndUntil, Instant availableUntil, Instant nextAvailableAt,
                               boolean hasSchedule) {
    }

    @Operation(summary = "The availability of a project's participants (participants and ops)")
    @GetMapping("/projects/{projectId}/availability")
    List<Availability> project(@PathVariable String projectId, PlatformUser user) {
        PathIds.requireProjectId(projectId);
        readers.readerFor(projectId, user); // 404 for an unknown project, 403 for an outsider
        Instant now = clock.instant();
        List<Rosters.Member> members = rosters.members(projectId, false);
        Map<String, Profile> profiles = preferences.profiles(projectId, members.stream().map(Rosters.Member::userId).toList());
        return members.stream().map(m -> {
            Profile p = profiles.get(m.userId());
            Reachability r = p.reachability();
            boolean available = r.reachableFrom(now).equals(now);
            return new Availability(m.userId(), m.displayName(), m.role().name(), p.zone().getId(),
                    LocalDateTime.ofInstant(now, p.zone()).withNano(0), available, r.dndActive(now) ? r.dndUntil() : null,
                    r.dndActive(now) ? null : r.hours().availableUntil(now), available ? null : r.reachableFrom(now),
                    r.hours().isSchedule());
        }).toList();
    }
}
