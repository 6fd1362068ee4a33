package org.projectchat.escalations.calendar;

import org.projectchat.escalations.domain.calendar.BusinessCalendar;

import org.springframework.stereotype.Component;

import java.time.DateTimeException;
import java.time.ZoneId;

/** The business calendar of a participant (the shared week in their time zone) and of platform ops. */
@Component
public class Calendars {

    private final BusinessCalendar standard;
    private final BusinessCalendar ops;

    public Calendars(CalendarProperties properties) {
        this.standard = properties.calendar();
        this.ops = standard.in(properties.opsZone());
    }

    /** The calendar in a participant's time zone; the default zone when theirs is missing or unknown. */
    public BusinessCalendar of(String timeZone) {
        if (timeZone == null || timeZone.isBlank()) {
            return standard;
        }
        try {
            return standard.in(ZoneId.of(timeZone));
        } catch (DateTimeException e) {
            return standard;
        }
    }

    public BusinessCalendar standard() {
        return standard;
    }

    public BusinessCalendar ops() {
        return ops;
    }
}
