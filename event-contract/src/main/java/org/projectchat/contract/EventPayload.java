package org.projectchat.contract;

/** The payload of an {@link EventEnvelope}: one of the sealed event families. */
public sealed interface EventPayload permits ChatEvent, FileEvent, EscalationEvent {

    /**
     * The entity within its stream this event concerns (a message, a file), or {@code null}; an event store indexes
     * it so one entity's events load without reading the whole stream. Not part of the JSON.
     */
    default String entityId() {
        return null;
    }
}
