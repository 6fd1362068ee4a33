package org.projectchat.notifications.deliveries;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;

/**
 * The email and push rows that are due, as a work queue any number of replicas share: a batch is claimed with
 * {@code FOR UPDATE SKIP LOCKED} and a lease, so two replicas never take the same row, and a replica that dies
 * mid-send leaves its rows to be claimed again when the lease runs out.
 */
@Component
public class DeliveryQueue {

    /** A row due on one channel. */
    public record Due(long id, String userId, String projectId, String messageId, String reason, boolean urgent,
                      boolean digest, int attempts, Instant createdAt) {
    }

    private final JdbcTemplate jdbc;
    private final DeliveryMetrics metrics;

    public DeliveryQueue(JdbcTemplate jdbc, DeliveryMetrics metrics) {
        this.jdbc = jdbc;
        this.metrics = metrics;
    }

    /**
     * Claims the due rows of up to {@code users} users (all of a user's due rows together, so a digest lists them
     * all), oldest first, for {@code lease}; in the order they were made.
     */
    public List<Due> claim(Channel channel, Instant now, int users, Duration lease) {
        Timestamp at = Timestamp.from(now);
        return jdbc.query("""
                with due_users as (
                    select distinct user_id from (
                        select user_id from deliveries
                        where channel = ? and state in ('PENDING', 'DEFERRED', 'RETRYING') and due_at <= ?
                          and (claimed_until is null or claimed_until < ?)
                        order by due_at limit ?) first_due),
                claimed as (
                    select d.id from deliveries d join due_users u on u.user_id = d.user_id
                    where d.channel = ? and d.state in ('PENDING', 'DEFERRED', 'RETRYING') and d.due_at <= ?
                      and (d.claimed_until is null or d.claimed_until < ?)
                    for update of d skip locked),
                updated as (
                    update deliveries d set claimed_until = ?, attempts = d.attempts + 1
                    from claimed where d.id = claimed.id
                    returning d.id, d.user_id, d.project_id, d.message_id, d.reason, d.urgent, d.digest, d.attempts, d.created_at)
                -- in the order they were made, so a digest lists a project's messages as they were posted (an
                -- update returns its rows in no particular order)
                select * from updated order by created_at, id""",
                (rs, i) -> new Due(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        rs.getBoolean(6), rs.getBoolean(7), rs.getInt(8), rs.getTimestamp(9).toInstant()),
                channel.name(), at, at, users * 20, channel.name(), at, at, Timestamp.from(now.plus(lease)));
    }

    /**
     * What waits for a user's Do Not Disturb or hours falls due now, after they changed them: the dispatcher checks
     * again and puts off only what must still wait.
     */
    public void releaseHeld(String userId, Instant now) {
        int released = jdbc.update("""
                update deliveries set due_at = ? where user_id = ? and state = 'DEFERRED' and due_at > ?
                  and detail in ('do not disturb', 'outside availability hours')""",
                Timestamp.from(now), userId, Timestamp.from(now));
        if (released > 0) {
            jdbc.execute("select pg_notify('" + org.projectchat.notifications.intake.NotificationIntake.DUE_CHANNEL + "', '')");
        }
    }

    public void delivered(Collection<Long> ids, Instant now, String detail) {
        finish(ids, DeliveryState.DELIVERED, detail, now);
    }

    public void suppressed(long id, String why, Instant now) {
        finish(List.of(id), DeliveryState.SUPPRESSED, why, now);
    }

    public void failed(Collection<Long> ids, String error, Instant now) {
        finish(ids, DeliveryState.FAILED, error, now);
    }

    /** Not yet: waits until {@code until} (DND, hours, a retry's back-off). */
    public void later(Collection<Long> ids, DeliveryState state, String detail, Instant until, Instant now) {
        jdbc.update("""
                update deliveries set state = ?, detail = ?, due_at = ?, claimed_until = null, updated_at = ?,
                    digest = digest or ? where id = any(?)""",
                state.name(), detail, Timestamp.from(until), Timestamp.from(now), state == DeliveryState.DEFERRED,
                ids.toArray(Long[]::new));
    }

    private void finish(Collection<Long> ids, DeliveryState state, String detail, Instant now) {
        if (ids.isEmpty()) {
            return;
        }
        jdbc.query("""
                update deliveries set state = ?, detail = ?, claimed_until = null, updated_at = ? where id = any(?)
                returning channel""", rs -> {
            metrics.recorded(Channel.valueOf(rs.getString(1)), state, 1);
        }, state.name(), detail, Timestamp.from(now), ids.toArray(Long[]::new));
    }
}
