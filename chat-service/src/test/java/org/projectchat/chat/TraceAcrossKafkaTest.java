package org.projectchat.chat;

import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.projectchat.contract.CloudEventHeaders;
import org.projectchat.embedded.EmbeddedStack;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.projectchat.chat.ChatClient.EXPERT;

/**
 * One trace from the caller's request through the outbox relay to the consumers' effects: what an operator follows in
 * a tracing backend when a message was slow to show up.
 */
class TraceAcrossKafkaTest extends ChatServiceTest {

    @Autowired
    InMemorySpanExporter exported;

    @Test
    void aPostIsOneTraceFromTheRequestThroughTheRelayToTheMessageStore(EmbeddedStack stack) {
        ChatClient chat = client();
        String projectId = chat.openProject();
        String traceId = hex(16);
        String callersSpan = hex(8);

        var posted = chat.send(EXPERT, "POST", "/projects/" + projectId + "/messages",
                Map.of("body", "Traced through Kafka", "clientMessageId", "trace-1"),
                Map.of("traceparent", "00-" + traceId + "-" + callersSpan + "-01"));
        assertThat(posted.status()).isEqualTo(201);

        // the request's span continues the caller's trace
        SpanData request = awaitSpan(traceId, s -> s.getKind() == SpanKind.SERVER
                && s.getName().equals("http post /projects/{projectId}/messages"));
        assertThat(request.getParentSpanId()).isEqualTo(callersSpan);

        // the relay publishes the event in a span of the same trace, under the request
        SpanData published = awaitSpan(traceId, s -> s.getKind() == SpanKind.PRODUCER
                && "MessagePosted".equals(attribute(s, "event.type")));
        assertThat(published.getName()).isEqualTo("publish chat.events.v1");
        assertThat(ancestors(traceId, published)).contains(request.getSpanId());

        // the record carries the relay's span, so every consumer, in any service, continues from it
        ConsumerRecord<String, byte[]> record = PostTravelsTest.consumeUntil(stack, projectId, "MessagePosted");
        assertThat(CloudEventHeaders.read(record.headers(), "traceparent"))
                .isEqualTo("00-" + traceId + "-" + published.getSpanId() + "-01");

        // the message store applies it in a span that is the relay's child, ending after its commit
        SpanData stored = awaitSpan(traceId, s -> s.getKind() == SpanKind.CONSUMER
                && "chat-message-store".equals(attribute(s, "messaging.consumer.group.name")));
        assertThat(stored.getParentSpanId()).isEqualTo(published.getSpanId());
        assertThat(stored.getName()).isEqualTo("process chat.events.v1");
        assertThat(stored.getEndEpochNanos()).isGreaterThanOrEqualTo(published.getEndEpochNanos());

        // the message the trace ends in is there to read
        chat.awaitOk(EXPERT, "/projects/" + projectId + "/messages", r -> r.body().contains("Traced through Kafka"));
    }

    private SpanData awaitSpan(String traceId, java.util.function.Predicate<SpanData> matching) {
        return await("a span of trace " + traceId).atMost(Duration.ofSeconds(30)).until(
                () -> spans(traceId).stream().filter(matching).findFirst(), Optional::isPresent).orElseThrow();
    }

    private List<SpanData> spans(String traceId) {
        return exported.getFinishedSpanItems().stream().filter(s -> s.getTraceId().equals(traceId)).toList();
    }

    /** The span ids above a span, up to the trace's first span in this service. */
    private List<String> ancestors(String traceId, SpanData span) {
        List<SpanData> trace = spans(traceId);
        List<String> ids = new java.util.ArrayList<>();
        String parent = span.getParentSpanId();
        while (true) {
            String id = parent;
            Optional<SpanData> above = trace.stream().filter(s -> s.getSpanId().equals(id)).findFirst();
            if (above.isEmpty()) {
                return ids;
            }
            ids.add(id);
            parent = above.get().getParentSpanId();
        }
    }

    private static String attribute(SpanData span, String key) {
        return span.getAttributes().get(io.opentelemetry.api.common.AttributeKey.stringKey(key));
    }

    private static String hex(int bytes) {
        byte[] b = new byte[bytes];
        ThreadLocalRandom.current().nextBytes(b);
        b[0] |= 1; // never all zeros, which W3C reads as no trace
        return HexFormat.of().formatHex(b);
    }
}
