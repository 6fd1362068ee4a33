package org.projectchat.contract;

import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Serializer;

/** Kafka value serializer: the envelope as JSON, CloudEvents attributes and traceparent as headers. */
public class EventEnvelopeSerializer implements Serializer<EventEnvelope<?>> {

    @Override
    public byte[] serialize(String topic, EventEnvelope<?> data) {
        return data == null ? null : EventJson.write(data);
    }

    @Override
    public byte[] serialize(String topic, Headers headers, EventEnvelope<?> data) {
        if (data == null) {
            return null;
        }
        CloudEventHeaders.write(data, headers);
        return EventJson.write(data);
    }
}
