package org.projectchat.notifications.deliveries;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.projectchat.baseline.ops.PeriodicReading;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;

/**
 * The delivery log in figures, by channel and state: {@code notifications_deliveries} is what waits now (pending,
 * deferred for DND, hours or a digest, retrying), read from the queue's index at most every few seconds;
 * {@code notifications_recorded_total} counts the rows that reached a final state (delivered, suppressed, failed, no
 * recipient) in this replica.
 */
@Component
public class DeliveryMetrics implements MeterBinder {

    private final JdbcTemplate jdbc;
    private final Map<Channel, Map<DeliveryState, Counter>> recorded = new EnumMap<>(Channel.class);
    private final PeriodicReading<Map<String, Long>> waiting = new PeriodicReading<>(Duration.ofSeconds(5), this::readWaiting);

    public DeliveryMetrics(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (Channel channel : Channel.values()) {
            Map<DeliveryState, Counter> counters = new EnumMap<>(DeliveryState.class);
            for (DeliveryState state : DeliveryState.values()) {
                if (state.isOpen()) {
                    Gauge.builder("notifications.deliveries", this, m -> m.waiting(channel, state))
                            .tag("channel", channel.name()).tag("state", state.name())
                            .description("notifications waiting to go out, by channel and state").register(registry);
                } else {
                    counters.put(state, Counter.builder("notifications.recorded").tag("channel", channel.name())
                            .tag("state", state.name()).description("notifications that reached a final state")
                            .register(registry));
                }
            }
            recorded.put(channel, counters);
        }
    }

    /** {@code rows} rows of a channel reached a final state. */
    public void recorded(Channel channel, DeliveryState state, int rows) {
        Map<DeliveryState, Counter> counters = recorded.get(channel);
        if (counters != null && rows > 0 && counters.containsKey(state)) {
            counters.get(state).increment(rows);
        }
    }

    private double waiting(Channel channel, DeliveryState state) {
        return waiting.get().getOrDefault(channel.name() + "/" + state.name(), 0L);
    }

    private Map<String, Long> readWaiting() {
        Map<String, Long> counts = new HashMap<>();
        jdbc.query("""
                select channel, state, count(*) from deliveries where state in ('PENDING', 'DEFERRED', 'RETRYING')
                group by channel, state""", rs -> {
            counts.put(rs.getString(1) + "/" + rs.getString(2), rs.getLong(3));
        });
        return counts;
    }
}
