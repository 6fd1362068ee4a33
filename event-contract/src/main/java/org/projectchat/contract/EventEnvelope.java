package org.projectchat.contract;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * One immutable event with everything a subscriber needs to place it.
 *
 * @param eventId       time-ordered id (UUIDv7), unique across the system; also the CloudEvents {@code id}
 * @param type          the event type name, e.g. {@code MessagePosted} (see {@link EventCatalog})
 * @param schemaVersion version of the payload schema for this type; grows only additively
 * @param streamId      the project id; the Kafka key
 * @param streamVersion position of this event in its stream, starting at 1, without gaps
 * @param occurredAt    when it happened, UTC
 * @param actor         who caused it
 * @param correlationId the request or workflow this event belongs to
 * @param causationId   the event or command id that caused this one
 * @param traceparent   W3C trace context of the request that caused it, if any
 * @param payload       the event itself
 */
public record EventEnvelope<P extends EventPayload>(
        UUID eventId,
        String type,
        int schemaVersion,
        String streamId,
        long streamVersion,
        Instant occurredAt,
        Actor actor,
        String correlationId,
        String causationId,
        String traceparent,
        P payload) {

    public EventEnvelope {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(streamId, "streamId");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(payload, "payload");
        EventCatalog.Entry entry = EventCatalog.of(payload.getClass());
        if (type == null) {
            type = entry.type();
        } else if (!type.equals(entry.type())) {
            throw new IllegalArgumentException("type " + type + " does not match payload " + entry.type());
        }
        if (schemaVersion == 0) {
            schemaVersion = entry.schemaVersion();
        }
    }

    /** A new envelope with a fresh UUIDv7 id and the current schema version of the payload's type. */
    public static <P extends EventPayload> EventEnvelope<P> of(String streamId, long streamVersion, Instant occurredAt,
                                                               Actor actor, String correlationId, String causationId,
                                                               String traceparent, P payload) {
        return new EventEnvelope<>(EventIds.next(), null, 0, streamId, streamVersion, occurredAt, actor,
                correlationId, causationId, traceparent, payload);
    }

    /** The topic this event is published on. */
    public String topic() {
        return EventCatalog.of(payload.getClass()).topic().name();
    }
}
