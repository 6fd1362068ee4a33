package org.projectchat.contract;

import com.github.f4b6a3.uuid.UuidCreator;

import java.util.UUID;

/** Time-ordered ids (RFC 9562 UUIDv7): sortable by creation time, index-friendly. */
public final class EventIds {

    private EventIds() {
    }

    public static UUID next() {
        return UuidCreator.getTimeOrderedEpoch();
    }
}
