package org.projectchat.escalations.timers;

import org.projectchat.contract.ParticipantRole;
import org.projectchat.escalations.board.EscalationBoard;
import org.projectchat.escalations.cadence.Cadence;
import org.projectchat.escalations.commands.EscalationCommands;
import org.projectchat.escalations.commands.ProjectLanes;
import org.projectchat.escalations.domain.EscalationCommand;
import org.projectchat.escalations.domain.ResponseClocks;
import org.projectchat.eventsourcing.roster.Rosters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Fires the durable timers in PostgreSQL against the injected {@link Clock}. A replica claims due timers with
 * {@code FOR UPDATE SKIP LOCKED} and stamps them with a lease (committed at once), fires them, and the firing itself
 * re-arms or removes each timer in the transaction of its events. Several replicas therefore fire each timer once; a
 * replica that dies mid-way leaves its lease, which runs out, and the timer fires late but once (a second firing of a
 * deadline changes nothing: the decider no longer has it pending).
 */
@Component
public class Timers implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(Timers.class);

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final TimerProperties properties;
    private final EscalationCommands commands;
    private final Cadence cadence;
    private final Semaphore wake = new Semaphore(0);
    private volatile boolean running;
    private Thread loop;

    public Timers(JdbcTemplate jdbc, Clock clock, TimerProperties properties, EscalationCommands commands, Cadence cadence) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.properties = properties;
        this.commands = commands;
        this.cadence = cadence;
    }

    /** A claimed timer. */
    public record Claimed(String key, String projectId, String kind, Instant fireAt, Instant lease) {
    }

    /** Claims the due timers no one holds (at most one batch), for {@code lease}. */
    public List<Claimed> claim(Instant at) {
        Instant now = at.truncatedTo(java.time.temporal.ChronoUnit.MICROS);
        Timestamp lease = Timestamp.from(now.plus(properties.lease()));
        return jdbc.query("""
                update timers t set lease_until = ? from (
                    select timer_key from timers
                    where fire_at <= ? and (lease_until is null or lease_until <= ?)
                    order by fire_at limit ? for update skip locked) due
                where t.timer_key = due.timer_key
                returning t.timer_key, t.project_id, t.kind, t.fire_at""",
                (rs, i) -> new Claimed(rs.getString(1), rs.getString(2), rs.getString(3), rs.getTimestamp(4).toInstant(),
                        lease.toInstant()), lease, Timestamp.from(now), Timestamp.from(now), properties.batch());
    }

    /** Fires what is due now; how many timers fired. */
    public int fireDue() throws Exception {
        // PostgreSQL keeps microseconds and rounds: an instant a fraction of a microsecond before a due time would
        // claim the timer (rounded up) and then be found "not yet due" by the decider
        Instant now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
        long started = System.nanoTime();
        List<Claimed> due = claim(now);
        if (due.isEmpty()) {
            return 0;
        }
        Map<String, List<String>> clients = clients(due.stream().filter(c -> EscalationBoard.DEADLINE_TIMER.equals(c.kind()))
                .map(Claimed::projectId).distinct().toArray(String[]::new));
        for (Throwable failed : ProjectLanes.run(due, Claimed::projectId,
                timer -> fire(timer, now, clients.getOrDefault(timer.projectId(), List.of())))) {
            log.warn("a timer failed to fire; it fires again when its lease runs out", failed);
        }
        // a deadline's firing re-arms or removes its timer with its events; a timer still holding this claim's lease
        // changed nothing: it goes if its deadline has ended (answered meanwhile), and is otherwise tried again soon,
        // loudly, rather than lost
        String[] keys = due.stream().map(Claimed::key).toArray(String[]::new);
        Timestamp lease = Timestamp.from(due.getFirst().lease());
        jdbc.update("""
                delete from timers t where t.timer_key = any(?) and t.kind = ? and t.lease_until = ?
                  and not exists (select 1 from deadlines d where d.deadline_id = t.timer_key and d.state in ('PENDING', 'WARNED'))""",
                keys, EscalationBoard.DEADLINE_TIMER, lease);
        List<String> unfired = jdbc.queryForList("""
                update timers set lease_until = ? where timer_key = any(?) and kind = ? and lease_until = ? returning timer_key""",
                String.class, Timestamp.from(now.plusSeconds(5)), keys, EscalationBoard.DEADLINE_TIMER, lease);
        if (!unfired.isEmpty()) {
            log.warn("{} due timers changed nothing although their deadlines are pending (e.g. {}); trying them again in 5 s",
                    unfired.size(), unfired.getFirst());
        }
        if (log.isDebugEnabled()) {
            log.debug("fired {} timers in {} ms, the oldest {} ms late", due.size(), (System.nanoTime() - started) / 1_000_000,
                    java.time.Duration.between(due.getFirst().fireAt(), now).toMillis());
        }
        return due.size();
    }

    /** The clients of each project (reminded when their reply is due), from the roster in one query. */
    private Map<String, List<String>> clients(String[] projects) {
        Map<String, List<String>> clients = new java.util.HashMap<>();
        if (projects.length > 0) {
            new Rosters(jdbc).activeRoles(List.of(projects)).forEach((project, roles) -> clients.put(project,
                    roles.entrySet().stream().filter(r -> r.getValue() == ParticipantRole.CLIENT).map(Map.Entry::getKey)
                            .sorted().toList()));
        }
        return clients;
    }

    private void fire(Claimed timer, Instant now, List<String> clients) {
        if (EscalationBoard.DEADLINE_TIMER.equals(timer.kind())) {
            commands.run(timer.projectId(), new EscalationCommand.Fire(timer.key(), now, clients,
                    ResponseClocks.id("case", timer.key()), ResponseClocks.id("reminder", timer.key())),
                    EscalationCommands.SYSTEM, null, null);
        } else if (Cadence.CADENCE_TIMER.equals(timer.kind())) {
            Instant next = cadence.check(jdbc, timer.key(), timer.projectId(), now);
            if (next == null) {
                jdbc.update("delete from timers where timer_key = ?", timer.key());
            } else {
                jdbc.update("update timers set fire_at = ?, lease_until = null where timer_key = ? and lease_until = ?",
                        Timestamp.from(next), timer.key(), Timestamp.from(timer.lease()));
            }
        } else {
            log.warn("timer {} of unknown kind {}: removed", timer.key(), timer.kind());
            jdbc.update("delete from timers where timer_key = ?", timer.key());
        }
    }

    /** Milliseconds until the next timer falls due (a held one: until its lease ends), at most one poll. */
    private long untilNext() {
        Timestamp next = jdbc.queryForObject("""
                select min(greatest(fire_at, coalesce(lease_until, fire_at))) from (
                    select fire_at, lease_until from timers order by fire_at limit 100) soonest""", Timestamp.class);
        long poll = properties.poll().toMillis();
        if (next == null) {
            return poll;
        }
        return Math.max(1, Math.min(poll, java.time.Duration.between(clock.instant(), next.toInstant()).toMillis()));
    }

    /** Looks for due timers now rather than at the next poll (tests that moved the clock). */
    public void wake() {
        if (wake.availablePermits() == 0) {
            wake.release();
        }
    }

    @Override
    public synchronized void start() {
        if (!properties.enabled() || running) {
            return;
        }
        running = true;
        loop = Thread.ofPlatform().name("escalation-timers").daemon().start(() -> {
            while (running) {
                try {
                    // straight on while there is work (timers fell due while these fired); when none is due, until the
                    // next one is, at most a poll
                    if (fireDue() == 0) {
                        wake.tryAcquire(untilNext(), TimeUnit.MILLISECONDS);
                    }
                } catch (InterruptedException e) {
                    return;
                } catch (Exception e) {
                    if (running) {
                        log.warn("firing timers failed; trying again at the next poll: {}", e.toString());
                        try {
                            wake.tryAcquire(properties.poll().toMillis() * 4, TimeUnit.MILLISECONDS);
                        } catch (InterruptedException ie) {
                            return;
                        }
                    }
                }
            }
        });
    }

    @Override
    public synchronized void stop() {
        running = false;
        if (loop != null) {
            loop.interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Pending timers (a gauge for operators). */
    public long pending() {
        Long n = jdbc.queryForObject("select count(*) from timers", Long.class);
        return n == null ? 0 : n;
    }
}
