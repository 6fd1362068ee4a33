package org.projectchat.notifications.availability;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * A participant's weekly availability in their own time zone: several intervals a day, {@code to} exclusive
 * ({@code 24:00} written as {@code 00:00} ends the day). Pure; daylight-saving gaps and overlaps are the zone's.
 * A week with no interval at all means "no schedule": always available.
 */
public record WeeklyHours(ZoneId zone, Map<DayOfWeek, List<Interval>> days) {

    /** One stretch of a day, local time; {@code to} of 00:00 means midnight at the end of the day. */
    public record Interval(LocalTime from, LocalTime to) {
        public Interval {
            if (!to.equals(LocalTime.MIDNIGHT) && !from.isBefore(to)) {
                throw new IllegalArgumentException("an interval ends after it starts: " + from + "–" + to);
            }
        }

        boolean contains(LocalTime t) {
            return !t.isBefore(from) && (to.equals(LocalTime.MIDNIGHT) || t.isBefore(to));
        }
    }

    public WeeklyHours {
        Map<DayOfWeek, List<Interval>> copy = new EnumMap<>(DayOfWeek.class);
        days.forEach((day, intervals) -> {
            List<Interval> sorted = new ArrayList<>(intervals);
            sorted.sort(Comparator.comparing(Interval::from));
            copy.put(day, List.copyOf(sorted));
        });
        days = Map.copyOf(copy);
    }

    public static WeeklyHours always(ZoneId zone) {
        return new WeeklyHours(zone, Map.of());
    }

    public boolean isSchedule() {
        return days.values().stream().anyMatch(l -> !l.isEmpty());
    }

    public boolean isAvailable(Instant at) {
        if (!isSchedule()) {
            return true;
        }
        ZonedDateTime local = at.atZone(zone);
        return days.getOrDefault(local.getDayOfWeek(), List.of()).stream().anyMatch(i -> i.contains(local.toLocalTime()));
    }

    /** {@code at} itself when available then, else the start of the next interval. */
    public Instant nextAvailable(Instant at) {
        if (isAvailable(at)) {
            return at;
        }
        LocalDate date = at.atZone(zone).toLocalDate();
        for (int d = 0; d <= 7; d++) {
            LocalDate day = date.plusDays(d);
            for (Interval interval : days.getOrDefault(day.getDayOfWeek(), List.of())) {
                Instant start = ZonedDateTime.of(day, interval.from(), zone).toInstant();
                if (start.isAfter(at)) {
                    return start;
                }
            }
        }
        throw new IllegalStateException("a schedule with intervals has a next one within a week");
    }

    /** When the current interval ends (null when not available now, or without a schedule). */
    public Instant availableUntil(Instant at) {
        if (!isSchedule() || !isAvailable(at)) {
            return null;
        }
        ZonedDateTime local = at.atZone(zone);
        for (Interval interval : days.getOrDefault(local.getDayOfWeek(), List.of())) {
            if (interval.contains(local.toLocalTime())) {
                return interval.to().equals(LocalTime.MIDNIGHT)
                        ? ZonedDateTime.of(local.toLocalDate().plusDays(1), LocalTime.MIDNIGHT, zone).toInstant()
                        : ZonedDateTime.of(local.toLocalDate(), interval.to(), zone).toInstant();
            }
        }
        return null;
    }
}
