package org.projectchat.contract;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * CloudEvents 1.0 Kafka protocol binding, binary content mode: the event attributes travel as
 * {@code ce_}-prefixed headers, the record value is the event data (our envelope, JSON), and
 * {@code content-type} names its media type. A W3C {@code traceparent} header carries the trace.
 */
public final class CloudEventHeaders {

    public static final String SPEC_VERSION = "ce_specversion";
    public static final String ID = "ce_id";
    public static final String SOURCE = "ce_source";
    public static final String TYPE = "ce_type";
    public static final String TIME = "ce_time";
    public static final String SUBJECT = "ce_subject";
    /**
     * An extension attribute: the event's version in its stream (the subject), so that a consumer can tell an event it
     * has applied already without reading the value.
     */
    public static final String STREAM_VERSION = "ce_streamversion";
    public static final String DATA_SCHEMA = "ce_dataschema";
    public static final String CONTENT_TYPE = "content-type";
    public static final String TRACEPARENT = "traceparent";

    public static final String SPEC_VERSION_1_0 = "1.0";
    public static final String JSON = "application/json";

    private CloudEventHeaders() {
    }

    public static void write(EventEnvelope<?> envelope, Headers headers) {
        write(headers, envelope.eventId(), envelope.type(), envelope.schemaVersion(), envelope.streamId(),
                envelope.streamVersion(), envelope.occurredAt(), envelope.traceparent());
    }

    /** The headers of an event known by its attributes, for a record whose value is the event's stored JSON. */
    public static void write(Headers headers, UUID eventId, String type, int schemaVersion, String streamId,
                             long streamVersion, Instant occurredAt, String traceparent) {
        EventCatalog.Entry entry = EventCatalog.of(type);
        set(headers, SPEC_VERSION, SPEC_VERSION_1_0);
        set(headers, ID, eventId.toString());
        set(headers, SOURCE, "/projectchat/" + entry.topic().name());
        set(headers, TYPE, entry.cloudEventsType());
        set(headers, TIME, occurredAt.toString());
        set(headers, SUBJECT, streamId);
        set(headers, STREAM_VERSION, Long.toString(streamVersion));
        set(headers, DATA_SCHEMA, "urn:projectchat:schema:" + entry.type() + ":v" + schemaVersion);
        set(headers, CONTENT_TYPE, JSON);
        set(headers, TRACEPARENT, traceparent != null ? traceparent : traceparentFor(eventId));
    }

    /** A sampled W3C trace context whose trace id is the event id, for events caused outside any trace. */
    public static String traceparentFor(UUID eventId) {
        String traceId = eventId.toString().replace("-", "");
        byte[] span = new byte[8];
        ThreadLocalRandom.current().nextBytes(span);
        return "00-" + traceId + "-" + HexFormat.of().formatHex(span) + "-01";
    }

    /** The {@link #STREAM_VERSION} header, or -1 where it is missing or not a number (a record of another producer). */
    public static long streamVersion(Headers headers) {
        String version = read(headers, STREAM_VERSION);
        try {
            return version == null ? -1 : Long.parseLong(version);
        } catch (NumberFormatException notANumber) {
            return -1;
        }
    }

    public static String read(Headers headers, String name) {
        Header header = headers.lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static void set(Headers headers, String name, String value) {
        headers.remove(name);
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
