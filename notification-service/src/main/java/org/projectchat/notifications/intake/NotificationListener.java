package org.projectchat.notifications.intake;

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
 * chat.events.v1 and escalation.events.v1 into the intake, as the kit's projection {@value NotificationIntake#NAME}: it keeps this service's
 * project rosters and skips what it applied before, in the effect's transaction, so nothing is notified twice.
 */
@Component
public class NotificationListener {

    public static final String LISTENER_ID = "notification-intake";

    private final Projection projection;

    public NotificationListener(NotificationIntake intake, DataSource dataSource) {
        this.projection = new Projection(NotificationIntake.NAME, true, intake, dataSource);
    }

    @KafkaListener(id = LISTENER_ID, topics = {Topic.Names.CHAT_EVENTS, Topic.Names.ESCALATION_EVENTS}, groupId = "${notifications.intake.group-id:notification-intake}",
            batch = "true")
    void onEvents(List<ConsumerRecord<String, EventEnvelope<EventPayload>>> records) {
        projection.deliver(records);
    }

    /** Applies events directly (tests, replays): what was applied before is skipped. */
    public int apply(List<EventEnvelope<EventPayload>> events) {
        return projection.apply(events);
    }
}
