package org.projectchat.chat.messages;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.record.TimestampType;
import org.projectchat.contract.CloudEventHeaders;
import org.projectchat.contract.Topic;
import org.projectchat.eventsourcing.projection.Projection;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * Feeds chat.events.v1 to the message store projection, a batch per poll. The command runner applies each command's
 * events in the transaction that stores them, so this consumer finds them applied; it applies what that could not
 * (a rebuild's swap, a failure) and is the one a rebuild pauses. Times each event's way for operators: from the command
 * to the relay's send (the record's timestamp), from there to this listener, and to being applied here when it was.
 */
@Component
public class MessageStoreListener {

    public static final String ID = "message-store";

    private final Projection projection;
    private final Clock clock;
    private final Timer toKafka;
    private final Timer toStore;
    private final Timer toListener;
    private final Timer betweenPolls;
    private final DistributionSummary perPoll;
    /** Per consumer thread (a listener with concurrency has several): when its last batch was applied. */
    private final ThreadLocal<long[]> lastDelivered = ThreadLocal.withInitial(() -> new long[1]);

    public MessageStoreListener(Projection projection, Clock clock, MeterRegistry meters) {
        this.projection = projection;
        this.clock = clock;
        this.toKafka = Timer.builder("chat.events.relay.delay").description("from a command to its event's send to Kafka by the outbox relay")
                .publishPercentiles(0.5, 0.99).register(meters);
        this.toStore = Timer.builder("chat.events.store.delay")
                .description("from an event's send to Kafka to its effect in the message store, for events this consumer applied")
                .publishPercentiles(0.5, 0.99).register(meters);
        this.toListener = Timer.builder("chat.events.fetch.delay").description("from an event's send to Kafka to its delivery to the message store's listener")
                .publishPercentiles(0.5, 0.99).register(meters);
        this.betweenPolls = Timer.builder("chat.events.poll.gap").description("from the message store's last applied batch to its next (offset commit and fetch)")
                .publishPercentiles(0.5, 0.99).register(meters);
        this.perPoll = DistributionSummary.builder("chat.events.poll.records")
                .description("events in one batch delivered to the message store").publishPercentiles(0.5, 0.99).register(meters);
    }

    /**
     * The records as recorded: the events applied inline already (nearly all) are told by their headers and not read
     * (see {@link Projection#deliverRecorded}).
     */
    @KafkaListener(id = ID, topics = Topic.Names.CHAT_EVENTS, groupId = "${chat.message-store.group-id:chat-message-store}",
            batch = "true", properties = "value.deserializer=org.apache.kafka.common.serialization.ByteArrayDeserializer")
    void onEvents(List<ConsumerRecord<String, byte[]>> records) {
        long polled = clock.millis();
        long[] last = lastDelivered.get();
        if (last[0] > 0) {
            betweenPolls.record(Duration.ofMillis(polled - last[0]));
        }
        perPoll.record(records.size());
        // an unreadable record goes to the dead-letter topic
        boolean appliedHere = projection.deliverRecorded(records) > 0;
        long now = clock.millis();
        last[0] = now;
        for (var record : records) {
            Instant occurredAt = occurredAt(record);
            if (occurredAt != null && record.timestampType() == TimestampType.CREATE_TIME) {
                toKafka.record(Duration.ofMillis(Math.max(0, record.timestamp() - occurredAt.toEpochMilli())));
                if (appliedHere) {
                    toStore.record(Duration.ofMillis(Math.max(0, now - record.timestamp())));
                }
                toListener.record(Duration.ofMillis(Math.max(0, polled - record.timestamp())));
            }
        }
    }

    /** The event's time, from its CloudEvents header; null where it has none that can be read. */
    private static Instant occurredAt(ConsumerRecord<String, byte[]> record) {
        String time = CloudEventHeaders.read(record.headers(), CloudEventHeaders.TIME);
        try {
            return time == null ? null : Instant.parse(time);
        } catch (DateTimeParseException notATime) {
            return null;
        }
    }
}
