package org.projectchat.escalations.cases;

import org.projectchat.baseline.web.ApiProblem;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/** The cases as the dashboard and the query API read them. */
@Component
public class Cases {

    private final JdbcTemplate jdbc;

    public Cases(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public record Case(String caseId, String projectId, String trigger, String reason, String resolutionSought,
                       String raisedBy, String raisedByName, String sourceMessageId, String sourceVisibility,
                       String status, String owner, String ownerName, Instant openedAt, Instant acknowledgedAt,
                       Instant resolvedAt, String outcome, String summary, int reopened, Instant nextDeadline,
                       Instant updatedAt) {
    }

    public record Note(String noteId, String author, String authorName, String body, Instant addedAt) {
    }

    public record Detail(Case escalation, List<Note> notes) {
    }

    /** What the participant who raised a case sees of it: its status, never the notes or the summary. */
    public record Status(String caseId, String reason, String status, Instant openedAt, Instant acknowledgedAt,
                         Instant resolvedAt, String outcome) {
    }

    /**
     * @param status   OPEN, ACKNOWLEDGED, RESOLVED, or ACTIVE (open or acknowledged); null for all
     * @param projects null for every project
     */
    public record Filter(String status, String reason, String trigger, String projectId, String owner, Set<String> projects) {
    }

    public enum Sort { NEWEST, OLDEST }

    /** @param asOf the service's time the page was read at (ages are counted to it) */
    public record Page(List<Case> items, String nextCursor, Instant asOf) {
    }

    static final String SELECT = """
            select c.case_id, c.project_id, c.trigger, c.reason, c.resolution_sought, c.raised_by, c.raised_by_name,
                   c.source_message_id, c.source_visibility, c.status, c.owner, c.owner_name, c.opened_at,
                   c.acknowledged_at, c.resolved_at, c.outcome, c.summary, c.reopened,
                   (select min(d.due_at) from deadlines d where d.project_id = c.project_id and d.state in ('PENDING', 'WARNED')),
                   c.updated_at
            from cases c""";

    static final RowMapper<Case> CASE = (rs, i) -> new Case(rs.getString(1), rs.getString(2), rs.getString(3),
            rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9),
            rs.getString(10), rs.getString(11), rs.getString(12), instant(rs.getTimestamp(13)),
            instant(rs.getTimestamp(14)), instant(rs.getTimestamp(15)), rs.getString(16), rs.getString(17), rs.getInt(18),
            instant(rs.getTimestamp(19)), instant(rs.getTimestamp(20)));

    public Page list(Filter filter, Sort sort, String cursor, int limit, Instant asOf) {
        List<Object> args = new ArrayList<>();
        StringBuilder sql = new StringBuilder(SELECT).append(" where true");
        where(filter, sql, args);
        if (cursor != null) {
            String[] at = decode(cursor);
            sql.append(sort == Sort.NEWEST ? " and (c.opened_at, c.case_id) < (?, ?)" : " and (c.opened_at, c.case_id) > (?, ?)");
            args.add(Timestamp.from(Instant.parse(at[0])));
            args.add(at[1]);
        }
        sql.append(sort == Sort.NEWEST ? " order by c.opened_at desc, c.case_id desc" : " order by c.opened_at, c.case_id")
                .append(" limit ?");
        args.add(limit + 1);
        List<Case> rows = jdbc.query(sql.toString(), CASE, args.toArray());
        String next = null;
        if (rows.size() > limit) {
            rows = rows.subList(0, limit);
            Case last = rows.getLast();
            next = encode(last.openedAt() + "|" + last.caseId());
        }
        return new Page(rows, next, asOf);
    }

    /** Every case the filter selects, oldest first, for an export: streamed to {@code each} in pages. */
    public void each(Filter filter, java.util.function.Consumer<Case> each) {
        String cursor = null;
        do {
            Page page = list(filter, Sort.OLDEST, cursor, 1000, null);
            page.items().forEach(each);
            cursor = page.nextCursor();
        } while (cursor != null);
    }

    private static void where(Filter filter, StringBuilder sql, List<Object> args) {
        if (filter.status() != null) {
            if (filter.status().equals("ACTIVE")) {
                sql.append(" and c.status <> 'RESOLVED'");
            } else {
                sql.append(" and c.status = ?");
                args.add(filter.status());
            }
        }
        condition(sql, args, "c.reason", filter.reason());
        condition(sql, args, "c.trigger", filter.trigger());
        condition(sql, args, "c.project_id", filter.projectId());
        condition(sql, args, "c.owner", filter.owner());
        if (filter.projects() != null) {
            sql.append(" and c.project_id = any(?)");
            args.add(filter.projects().toArray(String[]::new));
        }
    }

    private static void condition(StringBuilder sql, List<Object> args, String column, String value) {
        if (value != null) {
            sql.append(" and ").append(column).append(" = ?");
            args.add(value);
        }
    }

    public Optional<Detail> detail(String caseId) {
        return jdbc.query(SELECT + " where c.case_id = ?", CASE, caseId).stream().findFirst()
                .map(c -> new Detail(c, jdbc.query("""
                                select note_id, author, author_name, body, added_at from case_notes where case_id = ?
                                order by added_at, note_id""",
                        (rs, i) -> new Note(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                                instant(rs.getTimestamp(5))), caseId)));
    }

    public Optional<String> projectOf(String caseId) {
        return jdbc.queryForList("select project_id from cases where case_id = ?", String.class, caseId).stream().findFirst();
    }

    /** The cases a participant raised in a project, newest first, as status only. */
    public List<Status> raisedBy(String projectId, String userId) {
        return jdbc.query("""
                select case_id, reason, status, opened_at, acknowledged_at, resolved_at, outcome from cases
                where project_id = ? and raised_by = ? order by opened_at desc limit 200""",
                (rs, i) -> new Status(rs.getString(1), rs.getString(2), rs.getString(3), instant(rs.getTimestamp(4)),
                        instant(rs.getTimestamp(5)), instant(rs.getTimestamp(6)), rs.getString(7)), projectId, userId);
    }

    // --- statistics

    public record Count(String key, long count) {
    }

    public record WeekTimes(String week, long acknowledged, Double acknowledgeMedianMinutes, Double acknowledgeP90Minutes,
                            long resolved, Double resolveMedianMinutes, Double resolveP90Minutes) {
    }

    public record Statistics(List<Count> openByReason, List<Count> openedPerDay, List<Count> breachesPerDay,
                             List<WeekTimes> perWeek, long open, long acknowledged, long breachedPending) {
    }

    /**
     * The dashboard's figures over the last {@code days} UTC days, today included (weeks: the weeks those days touch).
     * Each query reads an index range (open cases, cases opened since, breaches counted per day since); the scope is
     * left out of the SQL for staff rather than written as "null or any", which would keep the planner from those
     * indexes.
     */
    public Statistics statistics(Set<String> projects, Instant now, int days) {
        LocalDate firstDay = LocalDate.ofInstant(now, ZoneOffset.UTC).minusDays(days);
        Timestamp from = Timestamp.from(firstDay.atStartOfDay(ZoneOffset.UTC).toInstant());
        String scope = projects == null ? "" : " and project_id = any(?)";
        Object[] scopeArg = projects == null ? new Object[0] : new Object[]{projects.toArray(String[]::new)};
        Map<String, Long> byReason = new java.util.LinkedHashMap<>();
        long[] open = new long[2];
        jdbc.query("select reason, status, count(*) from cases where status <> 'RESOLVED'" + scope + " group by reason, status",
                (org.springframework.jdbc.core.RowCallbackHandler) rs -> {
                    byReason.merge(rs.getString(1), rs.getLong(3), Long::sum);
                    open[rs.getString(2).equals("OPEN") ? 0 : 1] += rs.getLong(3);
                }, scopeArg);
        List<Count> openByReason = byReason.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .map(e -> new Count(e.getKey(), e.getValue())).toList();
        // the cases opened in the window, read once from an index (opening, acknowledgement and resolution times) and
        // counted per day and week here: two grouping queries with percentiles over the same rows cost three times more
        TreeMap<LocalDate, Long> openedPerDay = new TreeMap<>();
        TreeMap<String, List<long[]>> perWeek = new TreeMap<>();
        jdbc.query("select opened_at, acknowledged_at, resolved_at from cases where opened_at >= ?" + scope,
                (org.springframework.jdbc.core.RowCallbackHandler) rs -> {
                    Instant opened = rs.getTimestamp(1).toInstant();
                    Timestamp acknowledged = rs.getTimestamp(2);
                    Timestamp resolved = rs.getTimestamp(3);
                    LocalDate day = LocalDate.ofInstant(opened, ZoneOffset.UTC);
                    openedPerDay.merge(day, 1L, Long::sum);
                    perWeek.computeIfAbsent(isoWeek(day), w -> new ArrayList<>()).add(new long[]{
                            acknowledged == null ? -1 : acknowledged.toInstant().toEpochMilli() - opened.toEpochMilli(),
                            resolved == null ? -1 : resolved.toInstant().toEpochMilli() - opened.toEpochMilli()});
                }, args(from, scopeArg));
        List<Count> opened = openedPerDay.entrySet().stream().map(d -> new Count(d.getKey().toString(), d.getValue())).toList();
        List<WeekTimes> weeks = perWeek.entrySet().stream().map(w -> {
            double[] toAcknowledge = minutes(w.getValue(), 0);
            double[] toResolve = minutes(w.getValue(), 1);
            return new WeekTimes(w.getKey(), toAcknowledge.length, percentile(toAcknowledge, 0.5), percentile(toAcknowledge, 0.9),
                    toResolve.length, percentile(toResolve, 0.5), percentile(toResolve, 0.9));
        }).toList();
        // breaches are counted per project and day by the board as they happen
        List<Count> breaches = jdbc.query("""
                select day, sum(breaches) from breach_days where day >= ?""" + scope + " group by day order by day",
                (rs, i) -> new Count(rs.getObject(1, LocalDate.class).toString(), rs.getLong(2)),
                args(firstDay, scopeArg));
        Long breachedPending = jdbc.queryForObject("""
                select count(*) from deadlines where state in ('PENDING', 'WARNED') and due_at <= ?""" + scope,
                Long.class, args(Timestamp.from(now), scopeArg));
        return new Statistics(openByReason, opened, breaches, weeks, open[0], open[1],
                breachedPending == null ? 0 : breachedPending);
    }

    private static Object[] args(Object first, Object[] rest) {
        Object[] all = new Object[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }

    /** "2026-W49": the ISO week a day is in. */
    static String isoWeek(LocalDate day) {
        return String.format("%d-W%02d", day.get(IsoFields.WEEK_BASED_YEAR), day.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
    }

    /** The measured durations (column 0: to acknowledge, 1: to resolve) in minutes, sorted. */
    private static double[] minutes(List<long[]> cases, int column) {
        return cases.stream().mapToLong(c -> c[column]).filter(ms -> ms >= 0).sorted().mapToDouble(ms -> ms / 60_000.0).toArray();
    }

    /** A continuous percentile (as PostgreSQL's percentile_cont) of sorted values, in minutes to a tenth; null if none. */
    static Double percentile(double[] sorted, double fraction) {
        if (sorted.length == 0) {
            return null;
        }
        double rank = fraction * (sorted.length - 1);
        int below = (int) Math.floor(rank);
        double value = below + 1 < sorted.length
                ? sorted[below] + (rank - below) * (sorted[below + 1] - sorted[below])
                : sorted[below];
        return Math.round(value * 10) / 10.0;
    }

    static String encode(String cursor) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(cursor.getBytes(StandardCharsets.UTF_8));
    }

    static String[] decode(String cursor) {
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\\|", 2);
            Instant.parse(parts[0]);
            if (parts.length != 2) {
                throw new IllegalArgumentException();
            }
            return parts;
        } catch (RuntimeException e) {
            throw ApiProblem.badRequest("invalid-cursor", "cursor is the nextCursor of a previous page.");
        }
    }

    static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
