package org.projectchat.notifications.preferences;

import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import org.projectchat.baseline.web.ApiProblem;
import org.projectchat.baseline.web.PathIds;
import org.projectchat.contract.PlatformUser;
import org.projectchat.notifications.availability.WeeklyHours;
import org.projectchat.notifications.deliveries.DeliveryQueue;
import org.projectchat.notifications.recipients.Level;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The caller's notification settings: level and email cadence (default and per project), time zone, digest hour,
 * weekly availability hours, and Do Not Disturb.
 */
@RestController
public class PreferencesController {

    private final Preferences preferences;
    private final DeliveryQueue queue;
    private final Clock clock;

    public PreferencesController(Preferences preferences, DeliveryQueue queue, Clock clock) {
        this.preferences = preferences;
        this.queue = queue;
        this.clock = clock;
    }

    public record ChoiceBody(Level level, EmailCadence email) {
    }

    /**
     * @param defaults the caller's defaults (null fields: the service's, MENTIONS and IMMEDIATE)
     * @param projects per-project overrides
     */
    public record PreferencesView(ChoiceBody defaults, Map<String, ChoiceBody> projects) {
    }

    /** Hours as "HH:mm" pairs per day, e.g. {"MONDAY": [["09:00", "12:00"], ["13:00", "17:30"]]}; 24:00 ends a day. */
    public record SettingsBody(@Size(max = 64) String timeZone, @Min(0) @Max(23) Integer digestHour,
                               @Size(max = 7) Map<DayOfWeek, @Size(max = 12) List<@Size(min = 2, max = 2) List<String>>> hours) {
    }

    public record DndBody(Instant until, @Min(1) @Max(10080) Integer minutes) {
    }

    @Operation(summary = "The caller's notification level and email cadence, by default and per project")
    @GetMapping("/preferences")
    PreferencesView get(PlatformUser user) {
        Map<String, ChoiceBody> projects = new LinkedHashMap<>();
        ChoiceBody defaults = new ChoiceBody(Preferences.DEFAULT_LEVEL, Preferences.DEFAULT_CADENCE);
        for (var entry : preferences.choices(user.userId()).entrySet()) {
            ChoiceBody body = new ChoiceBody(entry.getValue().level(), entry.getValue().emailCadence());
            if (entry.getKey().equals(Preferences.DEFAULTS)) {
                defaults = new ChoiceBody(body.level() == null ? Preferences.DEFAULT_LEVEL : body.level(),
                        body.email() == null ? Preferences.DEFAULT_CADENCE : body.email());
            } else {
                projects.put(entry.getKey(), body);
            }
        }
        return new PreferencesView(defaults, projects);
    }

    @Operation(summary = "Set the caller's defaults: level (ALL, MENTIONS, URGENT_ONLY) and email cadence")
    @PutMapping("/preferences")
    PreferencesView setDefaults(PlatformUser user, @RequestBody ChoiceBody body) {
        preferences.choose(user.userId(), Preferences.DEFAULTS, new Preferences.Choice(body.level(), body.email()));
        return get(user);
    }

    @Operation(summary = "Override level and email cadence for one project (a null field keeps the default)")
    @PutMapping("/preferences/projects/{projectId}")
    PreferencesView setProject(PlatformUser user, @PathVariable String projectId, @RequestBody ChoiceBody body) {
        PathIds.requireProjectId(projectId);
        preferences.choose(user.userId(), projectId, new Preferences.Choice(body.level(), body.email()));
        return get(user);
    }

    @Operation(summary = "Drop a project's override: the defaults apply again")
    @DeleteMapping("/preferences/projects/{projectId}")
    PreferencesView clearProject(PlatformUser user, @PathVariable String projectId) {
        PathIds.requireProjectId(projectId);
        preferences.forget(user.userId(), projectId);
        return get(user);
    }

    public record SettingsView(String timeZone, int digestHour, Map<DayOfWeek, List<List<String>>> hours, Instant dndUntil) {
    }

    @Operation(summary = "The caller's time zone, digest hour, weekly availability hours and Do Not Disturb")
    @GetMapping("/me/settings")
    SettingsView settings(PlatformUser user) {
        Preferences.Settings s = preferences.settings(user.userId());
        Map<DayOfWeek, List<List<String>>> hours = new EnumMap<>(DayOfWeek.class);
        if (s.hours() != null) {
            s.hours().days().forEach((day, intervals) -> hours.put(day, intervals.stream()
                    .map(i -> List.of(i.from().toString(), i.to().equals(java.time.LocalTime.MIDNIGHT) ? "24:00" : i.to().toString()))
                    .toList()));
        }
        Instant dnd = s.dndUntil() != null && s.dndUntil().isAfter(clock.instant()) ? s.dndUntil() : null;
        return new SettingsView(s.timeZone(), s.digestHour(), hours, dnd);
    }

    @Operation(summary = "Set the caller's time zone, digest hour (daily digests) and weekly availability hours")
    @PutMapping("/me/settings")
    SettingsView setSettings(PlatformUser user, @Valid @RequestBody SettingsBody body) {
        ZoneId zone = null;
        if (body.timeZone() != null) {
            try {
                zone = ZoneId.of(body.timeZone());
            } catch (DateTimeException e) {
                throw ApiProblem.badRequest("invalid-time-zone", "timeZone is an IANA zone id such as Europe/Berlin.");
            }
        }
        Map<DayOfWeek, List<WeeklyHours.Interval>> days = new EnumMap<>(DayOfWeek.class);
        if (body.hours() != null) {
            for (var entry : body.hours().entrySet()) {
                try {
                    days.put(entry.getKey(), entry.getValue().stream()
                            .map(pair -> new WeeklyHours.Interval(WeeklyHoursJson.time(pair.get(0)), WeeklyHoursJson.time(pair.get(1))))
                            .toList());
                } catch (DateTimeParseException | IllegalArgumentException | NullPointerException e) {
                    throw ApiProblem.badRequest("invalid-hours",
                            "hours are [\"HH:mm\", \"HH:mm\"] pairs per day, each ending after it starts (24:00 ends the day).");
                }
            }
        }
        preferences.personal(user.userId(), zone == null ? null : zone.getId(), body.digestHour() == null ? 8 : body.digestHour(),
                new WeeklyHours(zone == null ? ZoneId.of("UTC") : zone, days));
        queue.releaseHeld(user.userId(), clock.instant());
        return settings(user);
    }

    @Operation(summary = "Turn Do Not Disturb on until a time ({\"until\": ...}) or for some minutes ({\"minutes\": 60})")
    @PutMapping("/me/dnd")
    SettingsView dnd(PlatformUser user, @Valid @RequestBody DndBody body) {
        Instant now = clock.instant();
        if ((body.until() == null) == (body.minutes() == null)) {
            throw ApiProblem.badRequest("invalid-dnd", "Give either until (a time) or minutes.");
        }
        Instant until = body.until() != null ? body.until() : now.plus(Duration.ofMinutes(body.minutes()));
        if (!until.isAfter(now) || until.isAfter(now.plus(Duration.ofDays(30)))) {
            throw ApiProblem.badRequest("invalid-dnd", "Do Not Disturb ends in the future, within 30 days.");
        }
        preferences.dnd(user.userId(), until);
        queue.releaseHeld(user.userId(), now); // what waited for the hours may now wait for the DND's end instead
        return settings(user);
    }

    @Operation(summary = "Turn Do Not Disturb off: what waited goes out now as one digest")
    @DeleteMapping("/me/dnd")
    ResponseEntity<SettingsView> dndOff(PlatformUser user) {
        preferences.dnd(user.userId(), null);
        queue.releaseHeld(user.userId(), clock.instant());
        return ResponseEntity.ok(settings(user));
    }
}
