package org.projectchat.notifications.availability;

import org.junit.jupiter.api.Test;
import org.projectchat.notifications.preferences.EmailCadence;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Weekly hours in the user's zone, Do Not Disturb, urgent matters, and email cadences: pure time arithmetic. */
class AvailabilityRulesTest {

    static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");      // UTC+9, no DST
    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    static WeeklyHours weekdays(ZoneId zone) {
        var day = List.of(new WeeklyHours.Interval(LocalTime.of(9, 0), LocalTime.of(12, 0)),
                new WeeklyHours.Interval(LocalTime.of(13, 0), LocalTime.of(17, 30)));
        return new WeeklyHours(zone, Map.of(DayOfWeek.MONDAY, day, DayOfWeek.TUESDAY, day, DayOfWeek.WEDNESDAY, day,
                DayOfWeek.THURSDAY, day, DayOfWeek.FRIDAY, day));
    }

    @Test
    void hoursAreTheUsersOwnAcrossTheWeekBoundary() {
        WeeklyHours tokyo = weekdays(TOKYO);
        // Friday 2026-12-04 18:00 in Tokyo (09:00 UTC): after hours; next is Monday 09:00 Tokyo = Monday 00:00 UTC
        Instant fridayEvening = Instant.parse("2026-12-04T09:00:00Z");
        assertThat(tokyo.isAvailable(fridayEvening)).isFalse();
        assertThat(tokyo.nextAvailable(fridayEvening)).isEqualTo(Instant.parse("2026-12-07T00:00:00Z"));
        // Sunday 23:30 UTC is Monday 08:30 in Tokyo: still before hours
        assertThat(tokyo.nextAvailable(Instant.parse("2026-12-06T23:30:00Z"))).isEqualTo(Instant.parse("2026-12-07T00:00:00Z"));
        // the lunch gap: Monday 12:30 Tokyo waits until 13:00 Tokyo
        assertThat(tokyo.nextAvailable(Instant.parse("2026-12-07T03:30:00Z"))).isEqualTo(Instant.parse("2026-12-07T04:00:00Z"));
        assertThat(tokyo.availableUntil(Instant.parse("2026-12-07T01:00:00Z"))).isEqualTo(Instant.parse("2026-12-07T03:00:00Z"));
    }

    @Test
    void daylightSavingTimeIsTheZones() {
        WeeklyHours berlin = weekdays(BERLIN);
        // Monday 2026-03-30, the first working day of summer time: 09:00 Berlin is 07:00 UTC (a week before, 08:00 UTC)
        assertThat(berlin.nextAvailable(Instant.parse("2026-03-29T12:00:00Z"))).isEqualTo(Instant.parse("2026-03-30T07:00:00Z"));
        assertThat(berlin.nextAvailable(Instant.parse("2026-03-22T12:00:00Z"))).isEqualTo(Instant.parse("2026-03-23T08:00:00Z"));
    }

    @Test
    void noScheduleMeansAlwaysAvailableAndMidnightEndsADay() {
        assertThat(WeeklyHours.always(BERLIN).isAvailable(Instant.parse("2026-12-06T03:00:00Z"))).isTrue();
        var evenings = new WeeklyHours(ZoneId.of("UTC"), Map.of(DayOfWeek.SATURDAY,
                List.of(new WeeklyHours.Interval(LocalTime.of(20, 0), LocalTime.MIDNIGHT))));
        assertThat(evenings.isAvailable(Instant.parse("2026-12-05T23:59:00Z"))).isTrue();
        assertThat(evenings.isAvailable(Instant.parse("2026-12-06T00:00:00Z"))).isFalse();
        assertThat(evenings.nextAvailable(Instant.parse("2026-12-06T00:00:00Z"))).isEqualTo(Instant.parse("2026-12-12T20:00:00Z"));
    }

    @Test
    void doNotDisturbHoldsEverythingButTheUrgent() {
        Instant now = Instant.parse("2026-12-07T10:00:00Z");
        Reachability dnd = new Reachability(Instant.parse("2026-12-07T11:30:00Z"), WeeklyHours.always(ZoneId.of("UTC")));
        assertThat(dnd.deliverableFrom(now, false)).isEqualTo(Instant.parse("2026-12-07T11:30:00Z"));
        assertThat(dnd.deliverableFrom(now, true)).isEqualTo(now);
        assertThat(dnd.holdReason(now)).isEqualTo("do not disturb");
        // DND ending outside the hours: it waits for the hours too
        Reachability dndThenHours = new Reachability(Instant.parse("2026-12-07T18:00:00Z"), weekdays(ZoneId.of("UTC")));
        assertThat(dndThenHours.reachableFrom(now)).isEqualTo(Instant.parse("2026-12-08T09:00:00Z"));
    }

    @Test
    void cadencesFallDueOnTheirBoundaries() {
        Instant now = Instant.parse("2026-12-07T10:07:12Z");
        assertThat(EmailCadence.IMMEDIATE.due(now, BERLIN, 8)).isEqualTo(now);
        assertThat(EmailCadence.EVERY_15_MINUTES.due(now, BERLIN, 8)).isEqualTo(Instant.parse("2026-12-07T10:15:00Z"));
        assertThat(EmailCadence.HOURLY.due(now, BERLIN, 8)).isEqualTo(Instant.parse("2026-12-07T11:00:00Z"));
        // 10:07 UTC is 11:07 in Berlin, after 08:00: tomorrow 08:00 Berlin = 07:00 UTC
        assertThat(EmailCadence.DAILY.due(now, BERLIN, 8)).isEqualTo(Instant.parse("2026-12-08T07:00:00Z"));
        assertThat(EmailCadence.DAILY.due(now, TOKYO, 20)).isEqualTo(Instant.parse("2026-12-07T11:00:00Z"));
    }
}
