package org.projectchat.escalations.domain.calendar;

import java.time.DayOfWeek;
import java.time.Duration;
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
import java.util.Objects;
import java.util.Set;

/**
 * Business time of one person or team: a time zone, working intervals per day of the week (several a day for split
 * shifts and lunch breaks) and holidays. Pure: every SLA and reminder deadline is computed here.
 *
 * <p>Working intervals are local times, so they follow daylight-saving changes: a day whose clocks go forward still
 * starts at 09:00 local time. An interval boundary that falls into a skipped hour moves forward by the gap, one in a
 * repeated hour takes the earlier offset ({@link ZonedDateTime#of} does both).
 */
public final class BusinessCalendar {

    /** Searching further than this many days for working time means the calendar has none (no working days). */
    static final int HORIZON_DAYS = 3 * 366;

    /** A working interval of a day, {@code start} before {@code end}, both local times. */
    public record Interval(LocalTime start, LocalTime end) {
        public Interval {
            Objects.requireNonNull(start, "start");
            Objects.requireNonNull(end, "end");
            if (!start.isBefore(end)) {
                throw new IllegalArgumentException("a working interval must start before it ends: " + start + "-" + end);
            }
        }

        /** {@code 09:00-12:30} */
        public static Interval parse(String text) {
            String[] parts = text.trim().split("-");
            if (parts.length != 2) {
                throw new IllegalArgumentException("a working interval looks like 09:00-17:00, not " + text);
            }
            return new Interval(LocalTime.parse(parts[0].trim()), LocalTime.parse(parts[1].trim()));
        }
    }

    private final ZoneId zone;
    private final Map<DayOfWeek, List<Interval>> week;
    private final Set<LocalDate> holidays;

    public BusinessCalendar(ZoneId zone, Map<DayOfWeek, List<Interval>> week, Set<LocalDate> holidays) {
        this.zone = Objects.requireNonNull(zone, "zone");
        EnumMap<DayOfWeek, List<Interval>> days = new EnumMap<>(DayOfWeek.class);
        week.forEach((day, intervals) -> {
            List<Interval> sorted = new ArrayList<>(intervals);
            sorted.sort(Comparator.comparing(Interval::start));
            for (int i = 1; i < sorted.size(); i++) {
                if (sorted.get(i).start().isBefore(sorted.get(i - 1).end())) {
                    throw new IllegalArgumentException("working intervals of " + day + " overlap: " + sorted);
                }
            }
            days.put(day, List.copyOf(sorted));
        });
        this.week = days;
        this.holidays = Set.copyOf(holidays);
    }

    /** Monday to Friday, the same intervals each day, no holidays. */
    public static BusinessCalendar weekdays(ZoneId zone, List<Interval> intervals) {
        Map<DayOfWeek, List<Interval>> week = new EnumMap<>(DayOfWeek.class);
        for (DayOfWeek day : DayOfWeek.values()) {
            if (day != DayOfWeek.SATURDAY && day != DayOfWeek.SUNDAY) {
                week.put(day, intervals);
            }
        }
        return new BusinessCalendar(zone, week, Set.of());
    }

    public ZoneId zone() {
        return zone;
    }

    /** The same working week and holidays in another time zone (a participant's). */
    public BusinessCalendar in(ZoneId otherZone) {
        return new BusinessCalendar(otherZone, week, holidays);
    }

    public BusinessCalendar withHolidays(Set<LocalDate> moreHolidays) {
        var all = new java.util.HashSet<>(holidays);
        all.addAll(moreHolidays);
        return new BusinessCalendar(zone, week, all);
    }

    public boolean isWorkingDay(LocalDate date) {
        return !holidays.contains(date) && !week.getOrDefault(date.getDayOfWeek(), List.of()).isEmpty();
    }

    /** The working intervals of a local date as instants, in order; none on a holiday or a day off. */
    List<Instant[]> workingTime(LocalDate date) {
        if (!isWorkingDay(date)) {
            return List.of();
        }
        List<Instant[]> spans = new ArrayList<>();
        for (Interval interval : week.get(date.getDayOfWeek())) {
            Instant from = ZonedDateTime.of(date, interval.start(), zone).toInstant();
            Instant to = ZonedDateTime.of(date, interval.end(), zone).toInstant();
            if (from.isBefore(to)) { // both ends in one skipped hour leave nothing of the interval
                spans.add(new Instant[]{from, to});
            }
        }
        return spans;
    }

    /** Whether {@code at} is inside working time. */
    public boolean isWorking(Instant at) {
        for (Instant[] span : workingTime(LocalDate.ofInstant(at, zone))) {
            if (!at.isBefore(span[0]) && at.isBefore(span[1])) {
                return true;
            }
        }
        return false;
    }

    /**
     * The instant at which {@code amount} of working time has passed after {@code start}: Friday 16:30 plus one hour
     * with 09:00-17:00 working days is Monday 09:30. A zero amount is {@code start} itself.
     */
    public Instant add(Instant start, Duration amount) {
        if (amount.isNegative()) {
            throw new IllegalArgumentException("a business duration cannot be negative: " + amount);
        }
        if (amount.isZero()) {
            return start;
        }
        Duration left = amount;
        LocalDate date = LocalDate.ofInstant(start, zone).minusDays(1); // an interval of the day before may still run
        for (int i = 0; i <= HORIZON_DAYS; i++, date = date.plusDays(1)) {
            for (Instant[] span : workingTime(date)) {
                if (!span[1].isAfter(start)) {
                    continue;
                }
                Instant from = span[0].isAfter(start) ? span[0] : start;
                Duration available = Duration.between(from, span[1]);
                if (left.compareTo(available) <= 0) {
                    return from.plus(left);
                }
                left = left.minus(available);
            }
        }
        throw new IllegalStateException("no working time within " + HORIZON_DAYS + " days of " + start);
    }

    /** Working time between two instants; zero if {@code to} is not after {@code from}. */
    public Duration between(Instant from, Instant to) {
        if (!to.isAfter(from)) {
            return Duration.ZERO;
        }
        Duration total = Duration.ZERO;
        LocalDate last = LocalDate.ofInstant(to, zone);
        for (LocalDate date = LocalDate.ofInstant(from, zone).minusDays(1); !date.isAfter(last); date = date.plusDays(1)) {
            for (Instant[] span : workingTime(date)) {
                Instant a = span[0].isAfter(from) ? span[0] : from;
                Instant b = span[1].isBefore(to) ? span[1] : to;
                if (b.isAfter(a)) {
                    total = total.plus(Duration.between(a, b));
                }
            }
        }
        return total;
    }

    /**
     * The end of the business day {@code at} belongs to: the end of that day's working time if it is a working day
     * and that end is still to come, otherwise the end of the next working day (a question asked after hours is due by
     * the end of the next business day).
     */
    public Instant endOfBusinessDay(Instant at) {
        LocalDate date = LocalDate.ofInstant(at, zone);
        for (int i = 0; i <= HORIZON_DAYS; i++, date = date.plusDays(1)) {
            List<Instant[]> spans = workingTime(date);
            if (!spans.isEmpty() && spans.getLast()[1].isAfter(at)) {
                return spans.getLast()[1];
            }
        }
        throw new IllegalStateException("no working day within " + HORIZON_DAYS + " days of " + at);
    }

    /** The start of the next working time at or after {@code at} ({@code at} itself when it is working time). */
    public Instant nextWorkingStart(Instant at) {
        LocalDate date = LocalDate.ofInstant(at, zone).minusDays(1);
        for (int i = 0; i <= HORIZON_DAYS; i++, date = date.plusDays(1)) {
            for (Instant[] span : workingTime(date)) {
                if (span[1].isAfter(at)) {
                    return span[0].isAfter(at) ? span[0] : at;
                }
            }
        }
        throw new IllegalStateException("no working time within " + HORIZON_DAYS + " days of " + at);
    }

    /** The last working day before the local date of {@code at}. */
    public LocalDate previousWorkingDay(Instant at) {
        LocalDate date = LocalDate.ofInstant(at, zone).minusDays(1);
        for (int i = 0; i <= HORIZON_DAYS; i++, date = date.minusDays(1)) {
            if (isWorkingDay(date)) {
                return date;
            }
        }
        throw new IllegalStateException("no working day within " + HORIZON_DAYS + " days before " + at);
    }

    /** The instants a local date starts and ends in this calendar's zone. */
    public Instant[] day(LocalDate date) {
        return new Instant[]{date.atStartOfDay(zone).toInstant(), date.plusDays(1).atStartOfDay(zone).toInstant()};
    }

    @Override
    public String toString() {
        return "BusinessCalendar[" + zone + ", " + week + ", " + holidays.size() + " holidays]";
    }
}
