package org.projectchat.escalations.calendar;

import org.projectchat.escalations.domain.calendar.BusinessCalendar;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;

/**
 * Business hours ({@code escalations.calendar.*}): the working days and intervals everyone shares, each in their own
 * time zone; the holidays of the calendar; the zone of a participant who gave none, and that of platform ops.
 *
 * @param workingHours intervals like {@code 09:00-12:30}, several for split shifts and lunch breaks
 */
@ConfigurationProperties("escalations.calendar")
public record CalendarProperties(List<DayOfWeek> workingDays, List<String> workingHours, List<LocalDate> holidays,
                                 ZoneId defaultZone, ZoneId opsZone) {

    public CalendarProperties {
        workingDays = workingDays == null || workingDays.isEmpty()
                ? List.of(DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY, DayOfWeek.THURSDAY, DayOfWeek.FRIDAY)
                : List.copyOf(workingDays);
        workingHours = workingHours == null || workingHours.isEmpty() ? List.of("09:00-17:00") : List.copyOf(workingHours);
        holidays = holidays == null ? List.of() : List.copyOf(holidays);
        defaultZone = defaultZone == null ? ZoneId.of("UTC") : defaultZone;
        opsZone = opsZone == null ? ZoneId.of("UTC") : opsZone;
    }

    /** The calendar in the default zone. */
    public BusinessCalendar calendar() {
        List<BusinessCalendar.Interval> intervals = workingHours.stream().map(BusinessCalendar.Interval::parse).toList();
        var week = new java.util.EnumMap<DayOfWeek, List<BusinessCalendar.Interval>>(DayOfWeek.class);
        workingDays.forEach(day -> week.put(day, intervals));
        return new BusinessCalendar(defaultZone, week, Set.copyOf(holidays));
    }
}
