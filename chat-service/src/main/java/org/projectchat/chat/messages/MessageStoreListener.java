package org.projectchat.chat.messages;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.projectchat.contract.EventEnvelope;
import org.projectchat.contract.EventPayload;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;

/** Feeds chat.events.v1 to the message store projection, a batch per poll. */
@Component
public class MessageStoreListener {

    public static final String ID = "message-store";
    private static final Logger log = LoggerFactory.getLogger(MessageStoreListener.class);

    private final MessageStoreProjection projection;

    public MessageStoreListener(MessageStoreProjection projection) {
        this.projection = projection;
    }

    @KafkaListener(id = ID, topics = "chat.events.v1", groupId = "${chat.message-store.group-id:chat-message-store}",
            batch = "true")
    void onEvents(List<ConsumerRecord<String, EventEnvelope<EventPayload>>> records) {
        List<EventEnvelope<EventPayload>> events = new ArrayList<>(records.size());
        for (var record : records) {
            if (record.value() == null) {
                // unreadable (e.g. a type from a newer contract): a tolerant reader skips it
                log.warn("Skipping unreadable record {}-{}@{}", record.topic(), record.partition(), record.offset());
                continue;
            }
            events.add(record.value());
        }
        projection.apply(events);
    }
}
