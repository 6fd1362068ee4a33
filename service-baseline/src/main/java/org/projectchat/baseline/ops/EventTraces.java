package org.projectchat.baseline.ops;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.springframework.kafka.listener.BatchInterceptor;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One trace from a request to every consumer's effect, across Kafka. An event keeps the W3C {@code traceparent} of
 * the request that caused it (stored with it at append); the outbox relay publishes it in a producer span that
 * continues that trace and puts its own context on the record; each consumer's handling of a poll is a consumer span
 * per record, child of the record's context, from the poll to the listener's end (its projection's commit included).
 * Without a tracer (tracing switched off) everything here is a no-op and the stored context travels as it is.
 */
public final class EventTraces implements BatchInterceptor<Object, Object> {

    static final String TRACEPARENT = "traceparent";

    private final Tracer tracer;
    private final Propagator propagator;
    private final ThreadLocal<List<Span>> consuming = new ThreadLocal<>();

    public EventTraces(Tracer tracer, Propagator propagator) {
        this.tracer = tracer;
        this.propagator = propagator;
    }

    /** For code that runs without Spring (tools, tests of the kit): no spans. */
    public static EventTraces none() {
        return new EventTraces(Tracer.NOOP, Propagator.NOOP);
    }

    /** The context of the span current on this thread (e.g. the HTTP request's) as a traceparent, or null. */
    public String current() {
        Span span = tracer.currentSpan();
        return span == null ? null : traceparent(span);
    }

    /** A started producer span publishing an event to {@code topic}, continuing the trace {@code traceparent} names. */
    public Span publishing(String topic, String eventType, String traceparent) {
        Span.Builder builder = traceparent == null ? tracer.spanBuilder()
                : propagator.extract(Map.of(TRACEPARENT, traceparent), Map::get);
        return builder.name("publish " + topic).kind(Span.Kind.PRODUCER)
                .tag("messaging.system", "kafka").tag("messaging.destination.name", topic).tag("event.type", eventType)
                .start();
    }

    /** The traceparent to put on a record published in {@code span}: the span's, or {@code otherwise} without tracing. */
    public String traceparent(Span span, String otherwise) {
        String own = traceparent(span);
        return own != null ? own : otherwise;
    }

    private String traceparent(Span span) {
        if (span.isNoop()) {
            return null;
        }
        Map<String, String> carrier = new HashMap<>(2);
        propagator.inject(span.context(), carrier, Map::put);
        return carrier.get(TRACEPARENT);
    }

    @Override
    public ConsumerRecords<Object, Object> intercept(ConsumerRecords<Object, Object> records, Consumer<Object, Object> consumer) {
        end(null); // a poll whose listener never reported back
        if (records.isEmpty() || tracer == Tracer.NOOP) {
            return records;
        }
        String group = consumer.groupMetadata().groupId();
        List<Span> spans = new ArrayList<>(records.count());
        for (ConsumerRecord<Object, Object> record : records) {
            spans.add(propagator.extract(record.headers(), EventTraces::header)
                    .name("process " + record.topic()).kind(Span.Kind.CONSUMER)
                    .tag("messaging.system", "kafka").tag("messaging.destination.name", record.topic())
                    .tag("messaging.consumer.group.name", group)
                    .tag("messaging.kafka.offset", String.valueOf(record.offset()))
                    .tag("messaging.destination.partition.id", String.valueOf(record.partition()))
                    .start());
        }
        consuming.set(spans);
        return records;
    }

    @Override
    public void success(ConsumerRecords<Object, Object> records, Consumer<Object, Object> consumer) {
        end(null);
    }

    @Override
    public void failure(ConsumerRecords<Object, Object> records, Exception exception, Consumer<Object, Object> consumer) {
        end(exception);
    }

    private void end(Exception failure) {
        List<Span> spans = consuming.get();
        if (spans == null) {
            return;
        }
        consuming.remove();
        for (Span span : spans) {
            if (failure != null) {
                span.error(failure);
            }
            span.end();
        }
    }

    private static String header(Headers headers, String key) {
        Header header = headers.lastHeader(key);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
