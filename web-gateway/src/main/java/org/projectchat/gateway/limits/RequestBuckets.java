package org.projectchat.gateway.limits;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.projectchat.gateway.routes.GatewayProperties;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * A token bucket per caller: each holds up to {@code burst} requests and refills at {@code perSecond}; a request takes
 * one. Buckets not used for a while are forgotten (a forgotten bucket is a full one, which is what it would be by then).
 */
public final class RequestBuckets {

    private final double perNano;
    private final double burst;
    private final LongSupplier nanos;
    private final Cache<String, Bucket> buckets;

    public RequestBuckets(GatewayProperties.RateLimit limit, LongSupplier nanos) {
        this.perNano = limit.perSecond() / 1e9;
        this.burst = limit.burst();
        this.nanos = nanos;
        this.buckets = Caffeine.newBuilder().expireAfterAccess(limit.idle()).maximumSize(1_000_000).build();
    }

    /** Takes one request from the caller's bucket: zero when it may go now, else how long until it may. */
    public Duration take(String caller) {
        return buckets.get(caller, k -> new Bucket(burst, nanos.getAsLong())).take(nanos.getAsLong());
    }

    private final class Bucket {
        private double tokens;
        private long at;

        Bucket(double tokens, long at) {
            this.tokens = tokens;
            this.at = at;
        }

        synchronized Duration take(long now) {
            tokens = Math.min(burst, tokens + (now - at) * perNano);
            at = now;
            if (tokens >= 1) {
                tokens -= 1;
                return Duration.ZERO;
            }
            return Duration.ofNanos((long) Math.ceil((1 - tokens) / perNano));
        }
    }
}
