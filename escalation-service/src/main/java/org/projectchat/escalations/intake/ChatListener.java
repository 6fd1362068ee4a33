package org.projectchat.escalations.intake;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.projectchat.contract.EventEnvelope;
import org.projectchat.contract.EventPayload;
import org.projectchat.contract.Topic;
import org.projectchat.eventsourcing.projection.Projection;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import javax.sql.DataSource;
import java.util.List;

/**
 * chat.events.v1 into the intake, as the kit's projection {@value ChatIntake#NAME}: it keeps this service's rosters
 * and skips what it applied before.
 */
@Component
public class ChatListener {

    public static final String LISTENER_ID = "escalation-intake";

    private final Projection projection;

    public ChatListener(ChatIntake intake, DataSource dataSource) {
        this.projection = new Projection(ChatIntake.NAME, true, intake, dataSource);
    }

    @KafkaListener(id = LISTENER_ID, topics = Topic.Names.CHAT_EVENTS, groupId = "${escalations.intake.group-id:escalation-intake}",
            batch = "true")
    void onEvents(List<ConsumerRecord<String, EventEnvelope<EventPayload>>> records) {
        projection.deliver(records);
    }

    /** Applies events directly (tests, replays): what was applied before is skipped. */
    public int apply(List<EventEnvelope<EventPayload>> events) {
        return projection.apply(events);
    }
}
