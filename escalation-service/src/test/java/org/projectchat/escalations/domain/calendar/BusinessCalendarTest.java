package org.projectchat.escalations.domain.calendar;

import org.junit.jupiter.api.Test;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BusinessCalendarTest {

    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    static final BusinessCalendar.Interval NINE_TO_FIVE = BusinessCalendar.Interval.parse("09:00-17:00");

    static BusinessCalendar nineToFive(ZoneId zone) {
        return BusinessCalendar.weekdays(zone, List.of(NINE_TO_FIVE));
    }

    static Instant at(String local, ZoneId zone) {
        return LocalDateTime.parse(local).atZone(zone).toInstant();
    }

    @Test
    void fridayAfternoonPlusAnHourIsMondayMorning() {
        // Friday 4 December 2026, 16:30 in Berlin
        assertThat(nineToFive(BERLIN).add(at("2026-12-04T16:30", BERLIN), Duration.ofHours(1)))
                .isEqualTo(at("2026-12-07T09:30", BERLIN));
    }

    @Test
    void addingWithinTheDayStaysInTheDay() {
        assertThat(nineToFive(BERLIN).add(at("2026-12-07T10:00", BERLIN), Duration.ofHours(4)))
                .isEqualTo(at("2026-12-07T14:00", BERLIN));
    }

    @Test
    void timeBeforeOpeningCountsFromTheOpening() {
        assertThat(nineToFive(BERLIN).add(at("2026-12-07T06:00", BERLIN), Duration.ofMinutes(30)))
                .isEqualTo(at("2026-12-07T09:30", BERLIN));
    }

    @Test
    void eightBusinessHoursFromThursdayAfternoonSkipTheWeekend() {
        assertThat(nineToFive(NEW_YORK).add(at("2026-12-03T15:00", NEW_YORK), Duration.ofHours(8)))
                .isEqualTo(at("2026-12-04T15:00", NEW_YORK));
        assertThat(nineToFive(NEW_YORK).add(at("2026-12-04T15:00", NEW_YORK), Duration.ofHours(8)))
                .isEqualTo(at("2026-12-07T15:00", NEW_YORK));
    }

    @Test
    void holidaysAreNotWorked() {
        BusinessCalendar withChristmas = nineToFive(BERLIN)
                .withHolidays(Set.of(LocalDate.parse("2026-12-24"), LocalDate.parse("2026-12-25")));
        // Wednesday 23 December 16:00 + 2 h: one hour that day, Thursday and Friday are holidays, weekend, Monday 28th
        assertThat(withChristmas.add(at("2026-12-23T16:00", BERLIN), Duration.ofHours(2)))
                .isEqualTo(at("2026-12-28T10:00", BERLIN));
        assertThat(withChristmas.isWorkingDay(LocalDate.parse("2026-12-24"))).isFalse();
        assertThat(withChristmas.between(at("2026-12-23T09:00", BERLIN), at("2026-12-29T09:00", BERLIN)))
                .isEqualTo(Duration.ofHours(16));
    }

    @Test
    void yearEndRollsIntoTheNewYear() {
        BusinessCalendar calendar = nineToFive(BERLIN).withHolidays(Set.of(LocalDate.parse("2027-01-01")));
        // Thursday 31 December 2026 16:00 + 3 h: one hour, New Year's Day off, weekend, Monday 4 January 11:00
        assertThat(calendar.add(at("2026-12-31T16:00", BERLIN), Duration.ofHours(3)))
                .isEqualTo(at("2027-01-04T11:00", BERLIN));
        assertThat(calendar.endOfBusinessDay(at("2026-12-31T18:00", BERLIN))).isEqualTo(at("2027-01-04T17:00", BERLIN));
    }

    @Test
    void splitShiftsSkipTheLunchBreak() {
        BusinessCalendar split = BusinessCalendar.weekdays(BERLIN, List.of(BusinessCalendar.Interval.parse("09:00-12:00"),
                BusinessCalendar.Interval.parse("13:00-17:00")));
        assertThat(split.add(at("2026-12-07T11:30", BERLIN), Duration.ofHours(1))).isEqualTo(at("2026-12-07T13:30", BERLIN));
        assertThat(split.between(at("2026-12-07T08:00", BERLIN), at("2026-12-07T18:00", BERLIN))).isEqualTo(Duration.ofHours(7));
        assertThat(split.isWorking(at("2026-12-07T12:30", BERLIN))).isFalse();
        assertThat(split.endOfBusinessDay(at("2026-12-07T12:30", BERLIN))).isEqualTo(at("2026-12-07T17:00", BERLIN));
    }

    @Test
    void daylightSavingStartsWorkingHoursStayLocal() {
        // Europe/Berlin springs forward on Sunday 29 March 2026; Friday 27 March 16:00 + 2 h = Monday 30 March 10:00 CEST
        Instant friday = at("2026-03-27T16:00", BERLIN);
        Instant monday = nineToFive(BERLIN).add(friday, Duration.ofHours(2));
        assertThat(monday).isEqualTo(at("2026-03-30T10:00", BERLIN));
        assertThat(Duration.between(friday, monday)).isEqualTo(Duration.ofHours(65)); // one calendar hour fewer
    }

    @Test
    void daylightSavingEndsWorkingHoursStayLocal() {
        // New York falls back on Sunday 1 November 2026
        Instant friday = at("2026-10-30T16:00", NEW_YORK);
        Instant monday = nineToFive(NEW_YORK).add(friday, Duration.ofHours(2));
        assertThat(monday).isEqualTo(at("2026-11-02T10:00", NEW_YORK));
        assertThat(Duration.between(friday, monday)).isEqualTo(Duration.ofHours(67)); // one calendar hour more
    }

    @Test
    void aShiftAcrossTheSkippedHourIsAnHourShorter() {
        // a Sunday shift 01:00-05:00 in Berlin on the night clocks go from 02:00 to 03:00
        Map<DayOfWeek, List<BusinessCalendar.Interval>> week = new EnumMap<>(DayOfWeek.class);
        week.put(DayOfWeek.SUNDAY, List.of(BusinessCalendar.Interval.parse("01:00-05:00")));
        BusinessCalendar night = new BusinessCalendar(BERLIN, week, Set.of());
        assertThat(night.between(at("2026-03-29T00:00", BERLIN), at("2026-03-29T06:00", BERLIN))).isEqualTo(Duration.ofHours(3));
        assertThat(night.between(at("2026-10-25T00:00", BERLIN), at("2026-10-25T06:00", BERLIN))).isEqualTo(Duration.ofHours(5));
    }

    @Test
    void endOfBusinessDayForAQuestionAskedLateOrAfterHours() {
        BusinessCalendar calendar = nineToFive(BERLIN);
        assertThat(calendar.endOfBusinessDay(at("2026-12-07T16:59", BERLIN))).isEqualTo(at("2026-12-07T17:00", BERLIN));
        assertThat(calendar.endOfBusinessDay(at("2026-12-07T18:00", BERLIN))).isEqualTo(at("2026-12-08T17:00", BERLIN));
        assertThat(calendar.endOfBusinessDay(at("2026-12-04T18:00", BERLIN))).isEqualTo(at("2026-12-07T17:00", BERLIN));
        assertThat(calendar.endOfBusinessDay(at("2026-12-07T07:00", BERLIN))).isEqualTo(at("2026-12-07T17:00", BERLIN));
    }

    @Test
    void theSameWeekInAnotherZone() {
        Instant nineInNewYork = at("2026-12-07T09:00", NEW_YORK);
        assertThat(nineToFive(BERLIN).isWorking(nineInNewYork)).isTrue(); // 15:00 in Berlin
        assertThat(nineToFive(BERLIN).isWorking(at("2026-12-07T12:00", NEW_YORK))).isFalse(); // 18:00 in Berlin
        assertThat(nineToFive(BERLIN).in(NEW_YORK).isWorking(nineInNewYork)).isTrue();
    }

    @Test
    void badWeeksAreRefused() {
        assertThatThrownBy(() -> BusinessCalendar.Interval.parse("17:00-09:00")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BusinessCalendar.weekdays(BERLIN, List.of(BusinessCalendar.Interval.parse("09:00-13:00"),
                BusinessCalendar.Interval.parse("12:00-17:00")))).isInstanceOf(IllegalArgumentException.class);
        BusinessCalendar never = new BusinessCalendar(BERLIN, Map.of(), Set.of());
        assertThatThrownBy(() -> never.add(Instant.EPOCH, Duration.ofHours(1))).isInstanceOf(IllegalStateException.class);
    }
}
