package org.projectchat.contract;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

import java.io.InputStream;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventContractTest {

    private static final SchemaRegistry SCHEMAS = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);

    static Stream<EventPayload> samples() {
        return EventSamples.payloads().stream();
    }

    @Test
    void everyCatalogTypeHasASample() {
        assertThat(samples().map(p -> EventCatalog.of(p.getClass()).type()).distinct())
                .containsExactlyInAnyOrderElementsOf(EventCatalog.entries().stream().map(EventCatalog.Entry::type).toList());
    }

    @ParameterizedTest
    @MethodSource("samples")
    void everyEventRoundTripsThroughJson(EventPayload payload) {
        EventEnvelope<EventPayload> envelope = EventSamples.envelope(payload, 3);
        EventEnvelope<EventPayload> read = EventJson.read(EventJson.write(envelope));
        assertThat(read).isEqualTo(envelope);
    }

    @ParameterizedTest
    @MethodSource("samples")
    void everyEventValidatesAgainstItsSchema(EventPayload payload) {
        EventEnvelope<EventPayload> envelope = EventSamples.envelope(payload, 3);
        JsonNode json = EventJson.mapper().readTree(EventJson.write(envelope));

        assertThat(validate("/schemas/EventEnvelope.v1.json", json)).isEmpty();
        assertThat(validate(EventCatalog.of(payload.getClass()).schemaResource(), json.get("payload"))).isEmpty();
    }

    @Test
    void schemasRejectWhatTheContractForbids() {
        var posted = (ChatEvent.MessagePosted) EventSamples.payloads().get(4);
        JsonNode json = EventJson.mapper().readTree(EventJson.writePayload(posted));
        ((tools.jackson.databind.node.ObjectNode) json).put("visibility", "SECRET");
        assertThat(validate("/schemas/MessagePosted.v1.json", json)).isNotEmpty();
    }

    @Test
    void kafkaSerializerWritesCloudEventsBinaryHeaders() {
        EventEnvelope<EventPayload> envelope = EventSamples.envelope(EventSamples.payloads().get(4), 5);
        var headers = new RecordHeaders();
        byte[] value = new EventEnvelopeSerializer().serialize("chat.events.v1", headers, envelope);

        assertThat(CloudEventHeaders.read(headers, "ce_id")).isEqualTo(envelope.eventId().toString());
        assertThat(CloudEventHeaders.read(headers, "ce_type")).isEqualTo("org.projectchat.chat.MessagePosted");
        assertThat(CloudEventHeaders.read(headers, "ce_source")).isEqualTo("/projectchat/chat.events.v1");
        assertThat(CloudEventHeaders.read(headers, "ce_specversion")).isEqualTo("1.0");
        assertThat(CloudEventHeaders.read(headers, "ce_time")).isEqualTo("2026-11-25T09:15:30.123Z");
        assertThat(CloudEventHeaders.read(headers, "ce_subject")).isEqualTo(EventSamples.PROJECT);
        assertThat(CloudEventHeaders.read(headers, "ce_streamversion")).isEqualTo(Long.toString(envelope.streamVersion()));
        assertThat(CloudEventHeaders.streamVersion(headers)).isEqualTo(envelope.streamVersion());
        assertThat(CloudEventHeaders.read(headers, "content-type")).isEqualTo("application/json");
        assertThat(CloudEventHeaders.read(headers, "traceparent")).isEqualTo(envelope.traceparent());
        assertThat(new EventEnvelopeDeserializer().deserialize("chat.events.v1", value)).isEqualTo(envelope);
    }

    @Test
    void eventsWithoutATraceGetAValidTraceparentFromTheirId() {
        var envelope = EventEnvelope.of("p", 1, EventSamples.AT, EventSamples.OPS, null, null, null,
                new ChatEvent.MessageDeleted("m"));
        var headers = new RecordHeaders();
        new EventEnvelopeSerializer().serialize("chat.events.v1", headers, envelope);
        assertThat(CloudEventHeaders.read(headers, "traceparent"))
                .matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01")
                .contains(envelope.eventId().toString().replace("-", ""));
    }

    @Test
    void eventIdsAreTimeOrderedUuidV7() {
        var first = EventIds.next();
        var second = EventIds.next();
        assertThat(first.version()).isEqualTo(7);
        assertThat(second.compareTo(first)).isPositive();
    }

    @Test
    void unknownTypesAndGarbageAreRejectedWithAClearError() {
        assertThatThrownBy(() -> EventJson.read("{\"type\":\"Teleported\",\"streamId\":\"p\",\"payload\":{}}"))
                .isInstanceOf(EventCatalog.UnknownEventTypeException.class).hasMessageContaining("Teleported");
        assertThatThrownBy(() -> EventJson.read("not json")).isInstanceOf(EventJson.MalformedEventException.class);
    }

    @Test
    void envelopeRefusesAPayloadOfAnotherType() {
        assertThatThrownBy(() -> new EventEnvelope<>(EventIds.next(), "MessagePosted", 1, "p", 1, EventSamples.AT,
                EventSamples.OPS, null, null, null, new ChatEvent.MessageDeleted("m")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    static List<Error> validate(String resource, JsonNode json) {
        try (InputStream in = EventContractTest.class.getResourceAsStream(resource)) {
            assertThat(in).as(resource).isNotNull();
            Schema schema = SCHEMAS.getSchema(in);
            return schema.validate(json);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
