package org.projectchat.eventsourcing.outbox;

import java.time.Duration;

/**
 * @param enabled         run a relay in this instance (several may run; one publishes)
 * @param batchSize       outbox rows per Kafka transaction
 * @param poll            the longest wait for a signal before looking at the outbox anyway
 * @param linger          after a signal, how long to let more commits gather into the same Kafka transaction
 * @param standbyPoll     how often a waiting relay tries to become the publisher
 * @param transactionalId Kafka transactional id, the same for every instance so a new publisher fences an old one
 *                        (default {@code <table name>-outbox-relay})
 */
public record OutboxRelayProperties(Boolean enabled, Integer batchSize, Duration poll, Duration linger, Duration standbyPoll,
                                    String transactionalId) {
    public OutboxRelayProperties {
        enabled = enabled == null || enabled;
        batchSize = batchSize == null ? 500 : batchSize;
        poll = poll == null ? Duration.ofSeconds(1) : poll;
        linger = linger == null ? Duration.ofMillis(5) : linger;
        standbyPoll = standbyPoll == null ? Duration.ofSeconds(2) : standbyPoll;
    }
}
