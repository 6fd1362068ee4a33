package org.projectchat.bench;

import org.HdrHistogram.Histogram;
import org.projectchat.dev.ServiceProcess;
import org.projectchat.embedded.EmbeddedKafka;
import org.projectchat.embedded.EmbeddedPostgresServer;
import org.projectchat.embedded.EmbeddedStack;
import org.projectchat.embedded.Ports;
import org.projectchat.embedded.identity.LocalIssuer;

import javax.sql.DataSource;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * escalation-service's durable timers and dashboard: with 1,000,000 pending timers, 1,000 a second falling due, the
 * lateness of their firing (p50/p99; goal p99 ≤ 1 s); a burst all due at once, drained by the service beside a raw
 * {@code FOR UPDATE SKIP LOCKED} claim loop on the same table, in the same run; the statistics query of the dashboard
 * over 100,000 cases (p50/p99; goal p99 ≤ 100 ms). The timers are real deadlines (their ResponseDue events in the
 * event store, rows in the board and the timer table, written by SQL to save the hours the API would take), so a
 * firing is the service's whole path: claim, decide on the project's state, append the breach with its outbox row,
 * update the board, remove the timer. Usage: {@code ./bench.sh escalations [--seconds=60] [--timers=1000000]
 * [--burst=20000] [--cases=100000]}.
 */
public final class EscalationBenchmark {

    static final int PROJECTS = 10_000;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    public static void main(String[] args) throws Exception {
        int seconds = Integer.parseInt(ChatBenchmark.arg(args, "seconds", "60"));
        int timers = Integer.parseInt(ChatBenchmark.arg(args, "timers", "1000000"));
        int burst = Integer.parseInt(ChatBenchmark.arg(args, "burst", "20000"));
        int cases = Integer.parseInt(ChatBenchmark.arg(args, "cases", "100000"));
        int perSecond = 1000;
        int warmup = Integer.parseInt(ChatBenchmark.arg(args, "warmup", "30"));
        Path root = Path.of(ChatBenchmark.arg(args, "root", ".")).toAbsolutePath().normalize();
        Path dir = root.resolve("bench/target/escalation-bench-data");
        EmbeddedStack.deleteRecursively(dir);
        Files.createDirectories(dir);
        System.out.printf("escalation-service benchmark — %d cores, %s, %,d pending timers over %,d projects, %,d/s due for %d s%n%n",
                Runtime.getRuntime().availableProcessors(), Runtime.version(), timers, PROJECTS, perSecond, seconds);
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"), 0);
             EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(dir.resolve("postgres"), 0, true, true)) {
            postgres.createDatabase("escalations");
            DataSource db = postgres.dataSource("escalations");
            LocalIssuer issuer = LocalIssuer.inFolder(dir.resolve("issuer"));
            ServiceProcess service = ServiceProcess.start("escalation-service",
                    root.resolve("escalation-service/target/escalation-service-0.1.0-SNAPSHOT.jar"), Ports.free(),
                    ChatBenchmark.withSettings(args, Map.of("spring.kafka.bootstrap-servers", kafka.bootstrapServers(),
                            "spring.datasource.url", postgres.jdbcUrl("escalations"),
                            "projectchat.security.public-key", "file:" + dir.resolve("issuer/issuer-public.pem"),
                            "logging.level.root", "WARN")),
                    dir.resolve("logs"), ChatBenchmark.jvmOptions(args, dir), false);
            service.awaitReady(Duration.ofSeconds(120));

            // the steady phase starts after seeding; its timers are due from then on, one per millisecond
            // the first --warmup seconds of the steady phase let the service's JIT settle; they are not counted
            int steady = perSecond * (warmup + seconds);
            long seedStart = System.nanoTime();
            // whole milliseconds: PostgreSQL keeps microseconds, and the burst's timers are told apart by their due time
            Instant steadyFrom = Instant.now().plusSeconds(Long.parseLong(ChatBenchmark.arg(args, "seed-seconds", "180")))
                    .truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
            Instant burstAt = steadyFrom.plusSeconds(warmup + seconds + 20);
            Instant measuredFrom = steadyFrom.plusSeconds(warmup);
            try (Connection c = db.getConnection()) {
                seed(c, timers, steady, burst, steadyFrom, burstAt);
            }
            System.out.printf("Seeded %,d deadlines (events, board rows, timers) in %.0f s%n", timers,
                    (System.nanoTime() - seedStart) / 1e9);
            Instant now = Instant.now();
            if (now.isAfter(steadyFrom)) {
                System.out.println("(seeding took longer than planned: the first timers were already late when it ended)");
            }
            sleepUntil(burstAt.plusSeconds(1));
            awaitFired(db, steady + burst, Duration.ofMinutes(10));

            Histogram lateness = new Histogram(3_600_000_000L, 3);
            Histogram burstLateness = new Histogram(3_600_000_000L, 3);
            Instant lastBurstFiring = Instant.EPOCH;
            try (Connection c = db.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("""
                    select d.due_at, d.breached_at from deadlines d where d.state = 'BREACHED'""")) {
                while (rs.next()) {
                    Instant due = rs.getTimestamp(1).toInstant();
                    Instant fired = rs.getTimestamp(2).toInstant();
                    long micros = Math.max(0, Duration.between(due, fired).toNanos() / 1000);
                    if (due.equals(burstAt)) {
                        burstLateness.recordValue(micros);
                        if (fired.isAfter(lastBurstFiring)) {
                            lastBurstFiring = fired;
                        }
                    } else if (!due.isBefore(measuredFrom)) {
                        lateness.recordValue(micros);
                    }
                }
            }
            System.out.printf("Timers due at %,d/s among %,d pending (%d s after %d s of warm-up, %,d fired): lateness p50 %.0f ms, p99 %.0f ms, max %.0f ms (goal p99 <= 1 s)%n",
                    perSecond, timers, seconds, warmup, lateness.getTotalCount(), lateness.getValueAtPercentile(50) / 1000.0,
                    lateness.getValueAtPercentile(99) / 1000.0, lateness.getMaxValue() / 1000.0);
            double drain = Duration.between(burstAt, lastBurstFiring).toNanos() / 1e9;
            System.out.printf("Burst of %,d due at once: the service fired them all in %.1f s = %,.0f timers/s (claim, decide, append + outbox, board, timer removed)%n",
                    burstLateness.getTotalCount(), drain, burstLateness.getTotalCount() / Math.max(drain, 0.001));

            // the dashboard's statistics over many cases
            seedCases(db, cases);
            String token = issuer.mint("u-ops", "Olga Ops", null, List.of("PLATFORM_OPS"), Duration.ofHours(1));
            Histogram stats = new Histogram(60_000_000L, 3);
            for (int i = 0; i < 30; i++) {
                statistics(service.url(), token); // warm-up
            }
            for (int i = 0; i < 200; i++) {
                long t0 = System.nanoTime();
                statistics(service.url(), token);
                stats.recordValue((System.nanoTime() - t0) / 1000);
            }
            System.out.printf("Dashboard statistics over %,d cases (GET /statistics, 200 calls): p50 %.1f ms, p99 %.1f ms (goal p99 <= 100 ms)%n",
                    cases, stats.getValueAtPercentile(50) / 1000.0, stats.getValueAtPercentile(99) / 1000.0);

            service.close();
            // raw baseline: the same table, a burst of the same size, claimed and removed by a bare SKIP LOCKED loop
            try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
                s.executeUpdate("update timers set fire_at = now() - interval '1 second', lease_until = null where timer_key in "
                        + "(select timer_key from timers order by timer_key limit " + burst + ")");
            }
            long rawStart = System.nanoTime();
            AtomicLong claimed = new AtomicLong();
            List<Thread> loops = new ArrayList<>();
            for (int t = 0; t < 2; t++) {
                loops.add(Thread.ofPlatform().start(() -> rawLoop(db, claimed)));
            }
            for (Thread t : loops) {
                t.join();
            }
            double rawSeconds = (System.nanoTime() - rawStart) / 1e9;
            System.out.printf("Raw claim loop on the same table (2 connections, 500 a claim, delete ... where timer_key in (select ... for update skip locked)): %,d in %.2f s = %,.0f timers/s; the service reached %.0f %% of it%n",
                    claimed.get(), rawSeconds, claimed.get() / rawSeconds,
                    100 * (burstLateness.getTotalCount() / Math.max(drain, 0.001)) / (claimed.get() / rawSeconds));
        }
    }

    /**
     * {@code timers} deadlines spread over {@link #PROJECTS} projects: the steady ones due one per millisecond from
     * {@code steadyFrom}, a burst all due at {@code burstAt}, the rest due in a year (pending, never due here).
     */
    static void seed(Connection c, int timers, int steady, int burst, Instant steadyFrom, Instant burstAt) throws Exception {
        c.setAutoCommit(false);
        try (PreparedStatement s = c.prepareStatement("""
                with d as (
                    select i, 'bench-' || (i % ?) as project, (i / ?) + 1 as version,
                           md5('deadline' || i)::uuid::text as deadline_id,
                           case when i < ? then ?::timestamptz + (i * interval '1 millisecond')
                                when i < ? + ? then ?::timestamptz
                                else ?::timestamptz + interval '365 days' end as due
                    from generate_series(0, ? - 1) i),
                e as (
                    insert into events (stream_id, stream_version, event_id, type, schema_version, occurred_at, entity_id, envelope)
                    select project, version, md5('event' || i)::uuid, 'ResponseDue', 1, now(), deadline_id,
                           convert_to(json_build_object(
                               'eventId', md5('event' || i)::uuid, 'type', 'ResponseDue', 'schemaVersion', 1,
                               'streamId', project, 'streamVersion', version, 'occurredAt', now(),
                               'actor', json_build_object('userId', 'escalation-service', 'role', 'PLATFORM_SERVICE'),
                               'payload', json_build_object('deadlineId', deadline_id, 'kind', 'EXPERT_RESPONSE',
                                   'messageId', 'm-' || i, 'responsibleRole', 'EXPERT', 'startedAt', now(),
                                   'warnAt', to_char(due at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
                                   'dueAt', to_char(due at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')))::text, 'UTF8')
                    from d returning 1),
                b as (
                    insert into deadlines (deadline_id, project_id, kind, message_id, responsible_role, started_at, warn_at,
                                           due_at, state)
                    select deadline_id, project, 'EXPERT_RESPONSE', 'm-' || i, 'EXPERT', now(), due, due, 'PENDING' from d
                    returning 1)
                insert into timers (timer_key, project_id, kind, fire_at) select deadline_id, project, 'DEADLINE', due from d""")) {
            s.setInt(1, PROJECTS);
            s.setInt(2, PROJECTS);
            s.setInt(3, steady);
            s.setTimestamp(4, Timestamp.from(steadyFrom));
            s.setInt(5, steady);
            s.setInt(6, burst);
            s.setTimestamp(7, Timestamp.from(burstAt));
            s.setTimestamp(8, Timestamp.from(steadyFrom));
            s.setInt(9, timers);
            s.executeUpdate();
        }
        c.commit();
        c.setAutoCommit(true);
        try (Statement s = c.createStatement()) {
            // as a table that grew over months would be: vacuumed, so autovacuum does not start on a million fresh rows
            // in the middle of the measurement
            s.execute("vacuum analyze events, deadlines, timers");
        }
    }

    /** {@code n} cases over a year, a fifth still open, most acknowledged and resolved, with breaches per day. */
    static void seedCases(DataSource db, int n) throws Exception {
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("""
                    insert into cases (case_id, project_id, trigger, reason, raised_by, source_visibility, status, opened_at,
                                       acknowledged_at, resolved_at, outcome, updated_at)
                    select md5('case' || i), 'bench-' || (i % 10000), 'MANUAL',
                           (array['CLIENT_UNRESPONSIVE','SCOPE_DISAGREEMENT','PAYMENT','TECHNICAL_ACCESS','CONDUCT','OTHER'])[i % 6 + 1],
                           'u-' || (i % 5000), 'EVERYONE',
                           case when i % 5 = 0 then 'OPEN' when i % 5 = 1 then 'ACKNOWLEDGED' else 'RESOLVED' end,
                           now() - (i % 365) * interval '1 day' - (i % 1440) * interval '1 minute',
                           case when i % 5 = 0 then null
                                else now() - (i % 365) * interval '1 day' - (i % 1440) * interval '1 minute' + (i % 600) * interval '1 minute' end,
                           case when i % 5 < 2 then null
                                else now() - (i % 365) * interval '1 day' + (i % 3000) * interval '1 minute' end,
                           case when i % 5 < 2 then null else 'RESOLVED' end, now()
                    from generate_series(1, """ + n + ") i");
            s.execute("analyze cases");
        }
    }

    static void statistics(String url, String token) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url + "/statistics?days=56"))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("statistics answered " + r.statusCode() + ": " + r.body());
        }
    }

    static void rawLoop(DataSource db, AtomicLong claimed) {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement("""
                delete from timers where timer_key in (
                    select timer_key from timers where fire_at <= now() order by fire_at limit 500 for update skip locked)
                returning timer_key""")) {
            for (;;) {
                int n = 0;
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        n++;
                    }
                }
                if (n == 0) {
                    return;
                }
                claimed.addAndGet(n);
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static void awaitFired(DataSource db, int expected, Duration within) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            while (System.nanoTime() < deadline) {
                try (ResultSet rs = s.executeQuery("select count(*) from deadlines where state = 'BREACHED'")) {
                    rs.next();
                    if (rs.getLong(1) >= expected) {
                        return;
                    }
                }
                LockSupport.parkNanos(Duration.ofMillis(500).toNanos());
            }
        }
        System.out.println("(not every due timer fired within " + within + ")");
    }

    static void sleepUntil(Instant at) {
        while (Instant.now().isBefore(at)) {
            LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
        }
    }
}
