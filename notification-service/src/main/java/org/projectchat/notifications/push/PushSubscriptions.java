package org.projectchat.notifications.push;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The browsers that take pushes, one subscription each (RFC 8030 push resource, RFC 8291 keys). */
@Component
public class PushSubscriptions {

    public record Subscription(UUID id, String userId, String endpoint, String p256dh, String auth, Instant createdAt,
                               Instant lastSuccessAt, Instant lastFailureAt, String lastError) {
    }

    private static final RowMapper<Subscription> ROW = (rs, i) -> new Subscription(rs.getObject(1, UUID.class), rs.getString(2),
            rs.getString(3), rs.getString(4), rs.getString(5), instant(rs.getTimestamp(6)), instant(rs.getTimestamp(7)),
            instant(rs.getTimestamp(8)), rs.getString(9));
    private static final String COLUMNS = "id, user_id, endpoint, p256dh, auth, created_at, last_success_at, last_failure_at, last_error";

    private final JdbcTemplate jdbc;

    public PushSubscriptions(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Adds a browser, or takes it over when it subscribed before (the endpoint is the browser's). */
    public Subscription subscribe(String userId, String endpoint, String p256dh, String auth, Instant now) {
        return jdbc.queryForObject("""
                insert into push_subscriptions (id, user_id, endpoint, p256dh, auth, created_at) values (?, ?, ?, ?, ?, ?)
                on conflict (endpoint) do update set user_id = excluded.user_id, p256dh = excluded.p256dh, auth = excluded.auth,
                    last_error = null, last_failure_at = null
                returning\s""" + COLUMNS, ROW, UUID.randomUUID(), userId, endpoint, p256dh, auth, Timestamp.from(now));
    }

    public List<Subscription> of(String userId) {
        return jdbc.query("select " + COLUMNS + " from push_subscriptions where user_id = ? order by created_at", ROW, userId);
    }

    public boolean remove(String userId, UUID id) {
        return jdbc.update("delete from push_subscriptions where user_id = ? and id = ?", userId, id) > 0;
    }

    /** The push service said the subscription is gone (404, 410). */
    public void expired(UUID id) {
        jdbc.update("delete from push_subscriptions where id = ?", id);
    }

    public void succeeded(UUID id, Instant at) {
        jdbc.update("update push_subscriptions set last_success_at = ? where id = ?", Timestamp.from(at), id);
    }

    public void failed(UUID id, Instant at, String error) {
        jdbc.update("update push_subscriptions set last_failure_at = ?, last_error = ? where id = ?", Timestamp.from(at),
                error.length() > 500 ? error.substring(0, 500) : error, id);
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
