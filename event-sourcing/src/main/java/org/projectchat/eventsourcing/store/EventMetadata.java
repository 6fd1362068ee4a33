package org.projectchat.eventsourcing.store;

import org.projectchat.contract.Actor;

import java.time.Instant;

/**
 * What the events of one append share: when and by whom they were caused, and where the command came from.
 *
 * @param correlationId the request or workflow the events belong to
 * @param causationId   the command or event that caused them
 * @param traceparent   W3C trace context of the request, if any
 */
public record EventMetadata(Instant occurredAt, Actor actor, String correlationId, String causationId,
                            String traceparent) {
}
