package org.projectchat.notifications.preferences;

import org.projectchat.contract.EventJson;
import org.projectchat.notifications.availability.WeeklyHours;
import tools.jackson.core.type.TypeReference;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Weekly hours as stored: {"MONDAY": [["09:00", "12:00"], ["13:00", "17:30"]], ...}; 24:00 ends a day. */
final class WeeklyHoursJson {

    private WeeklyHoursJson() {
    }

    static WeeklyHours read(String json, ZoneId zone) {
        if (json == null || json.isBlank()) {
            return WeeklyHours.always(zone);
        }
        Map<String, List<List<String>>> raw = EventJson.mapper().readValue(json, new TypeReference<>() { });
        Map<DayOfWeek, List<WeeklyHours.Interval>> days = new EnumMap<>(DayOfWeek.class);
        raw.forEach((day, intervals) -> days.put(DayOfWeek.valueOf(day), intervals.stream()
                .map(i -> new WeeklyHours.Interval(time(i.get(0)), time(i.get(1)))).toList()));
        return new WeeklyHours(zone, days);
    }

    static String write(WeeklyHours hours) {
        if (hours == null || !hours.isSchedule()) {
            return null;
        }
        Map<String, List<List<String>>> raw = new LinkedHashMap<>();
        for (DayOfWeek day : DayOfWeek.values()) {
            List<List<String>> intervals = new ArrayList<>();
            for (WeeklyHours.Interval i : hours.days().getOrDefault(day, List.of())) {
                intervals.add(List.of(i.from().toString(), i.to().equals(LocalTime.MIDNIGHT) ? "24:00" : i.to().toString()));
            }
            if (!intervals.isEmpty()) {
                raw.put(day.name(), intervals);
            }
        }
        return EventJson.mapper().writeValueAsString(raw);
    }

    /** HH:mm, with 24:00 for the end of the day. */
    static LocalTime time(String text) {
        return "24:00".equals(text) ? LocalTime.MIDNIGHT : LocalTime.parse(text);
    }
}
