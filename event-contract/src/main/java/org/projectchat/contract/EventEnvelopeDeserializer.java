package org.projectchat.contract;

import org.apache.kafka.common.serialization.Deserializer;

/**
 * Kafka value deserializer. Throws {@link EventJson.MalformedEventException} or
 * {@link EventCatalog.UnknownEventTypeException} for records it cannot read, so the consumer's
 * error handler can decide (spring-kafka's {@code ErrorHandlingDeserializer} wraps it).
 */
public class EventEnvelopeDeserializer implements Deserializer<EventEnvelope<EventPayload>> {

    @Override
    public EventEnvelope<EventPayload> deserialize(String topic, byte[] data) {
        return data == null ? null : EventJson.read(data);
    }
}
