package org.projectchat.gateway.limits;

import org.junit.jupiter.api.Test;
import org.projectchat.gateway.routes.GatewayProperties;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class RequestBucketsTest {

    final AtomicLong now = new AtomicLong(1_000_000_000L);
    final RequestBuckets buckets = new RequestBuckets(new GatewayProperties.RateLimit(10, 5, Duration.ofMinutes(1)), now::get);

    @Test
    void aBurstGoesThroughThenTheRateHolds() {
        for (int i = 0; i < 5; i++) {
            assertThat(buckets.take("user:a")).as("request %d of the burst", i).isZero();
        }
        Duration wait = buckets.take("user:a");
        assertThat(wait).isPositive().isLessThanOrEqualTo(Duration.ofMillis(100));

        now.addAndGet(Duration.ofMillis(100).toNanos()); // 10 a second: one more after 100 ms
        assertThat(buckets.take("user:a")).isZero();
        assertThat(buckets.take("user:a")).isPositive();
    }

    @Test
    void eachCallerHasABucketOfTheirOwn() {
        for (int i = 0; i < 5; i++) {
            buckets.take("user:a");
        }
        assertThat(buckets.take("user:a")).isPositive();
        assertThat(buckets.take("user:b")).isZero();
    }

    @Test
    void aPauseRefillsNoMoreThanTheBurst() {
        for (int i = 0; i < 5; i++) {
            buckets.take("user:a");
        }
        now.addAndGet(Duration.ofHours(1).toNanos());
        for (int i = 0; i < 5; i++) {
            assertThat(buckets.take("user:a")).isZero();
        }
        assertThat(buckets.take("user:a")).isPositive();
    }
}
