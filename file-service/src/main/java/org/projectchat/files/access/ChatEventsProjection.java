package org.projectchat.files.access;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.projectchat.contract.ChatEvent;
import org.projectchat.contract.EventEnvelope;
import org.projectchat.contract.EventPayload;
import org.projectchat.contract.Topic;
import org.projectchat.eventsourcing.projection.Projection;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import javax.sql.DataSource;
import java.util.List;

/**
 * Learns from chat.events.v1 what downloads need: the roster (kept by the kit), and which messages attach which
 * files with which visibility. Idempotent like every projection of the kit.
 */
@Component
public class ChatEventsProjection {

    private final Projection projection;

    public ChatEventsProjection(DataSource dataSource) {
        this.projection = new Projection("file-access", true, ChatEventsProjection::apply, dataSource);
    }

    @KafkaListener(id = "file-access", topics = Topic.Names.CHAT_EVENTS, groupId = "${files.access.group-id:file-service-access}",
            batch = "true")
    void onEvents(List<ConsumerRecord<String, EventEnvelope<EventPayload>>> records) {
        projection.deliver(records);
    }

    private static void apply(List<EventEnvelope<EventPayload>> events, JdbcTemplate jdbc) {
        for (var event : events) {
            String project = event.streamId();
            switch (event.payload()) {
                case ChatEvent.MessagePosted posted -> posted.attachmentFileIds().forEach(fileId -> jdbc.update("""
                        insert into attachments (project_id, message_id, file_id, visibility) values (?, ?, ?, ?)
                        on conflict do nothing""", project, posted.messageId(), fileId, posted.visibility().name()));
                case ChatEvent.MessageDeleted deleted -> jdbc.update(
                        "update attachments set deleted = true where message_id = ?", deleted.messageId());
                default -> { }
            }
        }
    }
}
