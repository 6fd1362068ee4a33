package org.projectchat.contract;

import com.fasterxml.jackson.annotation.JsonInclude;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.time.Instant;
import java.util.UUID;

/**
 * The JSON form of events. Readers are tolerant (unknown fields are ignored) so that additive
 * schema changes never break an older subscriber; writers omit absent optional fields.
 */
public final class EventJson {

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .changeDefaultPropertyInclusion(incl -> incl.withValueInclusion(JsonInclude.Include.NON_NULL))
            .build();

    private EventJson() {
    }

    public static JsonMapper mapper() {
        return MAPPER;
    }

    public static byte[] write(EventEnvelope<?> envelope) {
        return MAPPER.writeValueAsBytes(envelope);
    }

    public static String writeString(EventEnvelope<?> envelope) {
        return MAPPER.writeValueAsString(envelope);
    }

    public static String writePayload(EventPayload payload) {
        return MAPPER.writeValueAsString(payload);
    }

    public static EventPayload readPayload(String type, String json) {
        try {
            return MAPPER.readValue(json, EventCatalog.of(type).payloadClass());
        } catch (JacksonException e) {
            throw new MalformedEventException("cannot read " + type + " payload: " + e.getOriginalMessage(), e);
        }
    }

    public static EventEnvelope<EventPayload> read(byte[] json) {
        try {
            return fromWire(MAPPER.readValue(json, Wire.class));
        } catch (JacksonException e) {
            throw new MalformedEventException("cannot read event: " + e.getOriginalMessage(), e);
        }
    }

    public static EventEnvelope<EventPayload> read(String json) {
        try {
            return fromWire(MAPPER.readValue(json, Wire.class));
        } catch (JacksonException e) {
            throw new MalformedEventException("cannot read event: " + e.getOriginalMessage(), e);
        }
    }

    private static EventEnvelope<EventPayload> fromWire(Wire wire) {
        if (wire.type() == null || wire.payload() == null) {
            throw new MalformedEventException("event without type or payload", null);
        }
        EventCatalog.Entry entry = EventCatalog.of(wire.type());
        if (wire.eventId() == null || wire.streamId() == null || wire.streamVersion() == null
                || wire.occurredAt() == null || wire.actor() == null) {
            throw new MalformedEventException(wire.type() + " without eventId, streamId, streamVersion, occurredAt or actor", null);
        }
        EventPayload payload = MAPPER.treeToValue(wire.payload(), entry.payloadClass());
        return new EventEnvelope<>(wire.eventId(), wire.type(), wire.schemaVersion() == null ? 1 : wire.schemaVersion(),
                wire.streamId(), wire.streamVersion(), wire.occurredAt(), wire.actor(), wire.correlationId(), wire.causationId(),
                wire.traceparent(), payload);
    }

    private record Wire(UUID eventId, String type, Integer schemaVersion, String streamId, Long streamVersion,
                        Instant occurredAt, Actor actor, String correlationId, String causationId,
                        String traceparent, JsonNode payload) {
    }

    /** An event that cannot be read: not JSON, no type, or a payload of the wrong shape. */
    public static final class MalformedEventException extends IllegalArgumentException {
        public MalformedEventException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
