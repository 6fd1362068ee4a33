package org.projectchat.eventsourcing.projection;

import org.projectchat.contract.EventEnvelope;
import org.projectchat.contract.EventPayload;
import org.springframework.jdbc.core.JdbcTemplate;

/** What a projection does with events: its own effect, written through the {@code jdbc} it is given. */
@FunctionalInterface
public interface ProjectionHandler {

    /**
     * Applies events not applied before, in the order they happened per stream, inside the projection's transaction.
     * Writes go through {@code jdbc}: during a replay it writes to the shadow tables, not to the ones being read.
     */
    void apply(java.util.List<EventEnvelope<EventPayload>> events, JdbcTemplate jdbc) throws Exception;
}
