package org.projectchat.escalations.domain.calendar;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Invariants of business time, over random instants, durations, zones, shifts and holidays. */
class BusinessCalendarPropertiesTest {

    record Case(BusinessCalendar calendar, Instant start, Duration amount) {
    }

    @Provide
    Arbitrary<Case> cases() {
        Arbitrary<ZoneId> zones = Arbitraries.of("UTC", "Europe/Berlin", "America/New_York", "Asia/Kolkata",
                "Australia/Lord_Howe", "Pacific/Chatham").map(ZoneId::of);
        Arbitrary<List<BusinessCalendar.Interval>> shifts = Arbitraries.of(
                List.of(BusinessCalendar.Interval.parse("09:00-17:00")),
                List.of(BusinessCalendar.Interval.parse("08:00-12:00"), BusinessCalendar.Interval.parse("13:00-17:30")),
                List.of(BusinessCalendar.Interval.parse("00:30-03:30"), BusinessCalendar.Interval.parse("22:00-23:59")));
        Arbitrary<Set<LocalDate>> holidays = Arbitraries.integers().between(0, 400)
                .map(d -> LocalDate.of(2026, 1, 1).plusDays(d)).set().ofMaxSize(20);
        Arbitrary<Instant> starts = Arbitraries.longs().between(Instant.parse("2026-01-01T00:00:00Z").getEpochSecond(),
                Instant.parse("2027-06-30T00:00:00Z").getEpochSecond()).map(Instant::ofEpochSecond);
        Arbitrary<Duration> amounts = Arbitraries.longs().between(0, 60 * 24 * 20).map(Duration::ofMinutes);
        return Combinators.combine(zones, shifts, holidays, starts, amounts)
                .as((z, s, h, start, amount) -> new Case(BusinessCalendar.weekdays(z, s).withHolidays(h), start, amount));
    }

    @Property(tries = 300)
    void addingThenMeasuringGivesTheAmountBack(@ForAll("cases") Case c) {
        Instant end = c.calendar().add(c.start(), c.amount());
        assertThat(end).isAfterOrEqualTo(c.start());
        assertThat(c.calendar().between(c.start(), end)).isEqualTo(c.amount());
    }

    @Property(tries = 300)
    void addingIsAdditive(@ForAll("cases") Case c) {
        Duration half = c.amount().dividedBy(2);
        Instant inTwoSteps = c.calendar().add(c.calendar().add(c.start(), half), c.amount().minus(half));
        assertThat(inTwoSteps).isEqualTo(c.calendar().add(c.start(), c.amount()));
    }

    @Property(tries = 300)
    void aPositiveAmountEndsInsideWorkingTimeOrAtItsEnd(@ForAll("cases") Case c) {
        if (c.amount().isZero()) {
            return;
        }
        Instant end = c.calendar().add(c.start(), c.amount());
        // the last minute before the end was worked
        assertThat(c.calendar().isWorking(end.minusNanos(1))).isTrue();
    }

    @Property(tries = 300)
    void businessTimeNeverExceedsCalendarTime(@ForAll("cases") Case c) {
        Instant to = c.start().plus(c.amount());
        Duration business = c.calendar().between(c.start(), to);
        assertThat(business).isLessThanOrEqualTo(c.amount());
        assertThat(c.calendar().between(to, c.start())).isZero();
    }

    @Property(tries = 300)
    void theEndOfTheBusinessDayIsAfterAndAtTheEndOfWork(@ForAll("cases") Case c) {
        Instant end = c.calendar().endOfBusinessDay(c.start());
        assertThat(end).isAfter(c.start());
        assertThat(c.calendar().isWorking(end.minusNanos(1))).isTrue();
        assertThat(c.calendar().isWorking(end)).isFalse();
    }
}
