package org.projectchat.contract;

/** The payload of an {@link EventEnvelope}: one of the sealed event families. */
public sealed interface EventPayload permits ChatEvent, FileEvent {
}
