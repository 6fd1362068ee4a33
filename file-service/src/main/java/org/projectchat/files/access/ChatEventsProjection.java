package org.projectchat.files.access;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.projectchat.contract.ChatEvent;
import org.projectchat.contract.EventEnvelope;
import org.projectchat.contract.EventPayload;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Learns from chat.events.v1 what downloads need: the roster, and which messages attach which files
 * with which visibility. Idempotent like every projection: the applied version per project is
 * stored with the effect.
 */
@Component
public class ChatEventsProjection {

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;

    public ChatEventsProjection(JdbcTemplate jdbc, TransactionTemplate tx) {
        this.jdbc = jdbc;
        this.tx = tx;
    }

    @KafkaListener(id = "file-access", topics = "chat.events.v1", groupId = "${files.access.group-id:file-service-access}",
            batch = "true")
    void onEvents(List<ConsumerRecord<String, EventEnvelope<EventPayload>>> records) {
        apply(records.stream().map(ConsumerRecord::value).filter(v -> v != null).toList());
    }

    public void apply(List<EventEnvelope<EventPayload>> events) {
        tx.executeWithoutResult(status -> {
            Map<String, Long> positions = new HashMap<>();
            for (var event : events) {
                long current = positions.computeIfAbsent(event.streamId(), id -> jdbc.queryForList(
                        "select version from projection_positions where stream_id = ?", Long.class, id)
                        .stream().findFirst().orElse(0L));
                if (event.streamVersion() <= current) {
                    continue;
                }
                if (event.payload() instanceof ChatEvent chat) {
                    applyOne(event.streamId(), chat);
                }
                positions.put(event.streamId(), event.streamVersion());
                jdbc.update("""
                        insert into projection_positions (stream_id, version) values (?, ?)
                        on conflict (stream_id) do update set version = excluded.version""",
                        event.streamId(), event.streamVersion());
            }
        });
    }

    private void applyOne(String project, ChatEvent event) {
        switch (event) {
            case ChatEvent.ProjectChatOpened opened -> opened.participants().forEach(p -> participant(project, p));
            case ChatEvent.ParticipantAdded added -> participant(project, added.participant());
            case ChatEvent.ParticipantRemoved removed -> jdbc.update(
                    "update participants set active = false where project_id = ? and user_id = ?", project, removed.userId());
            case ChatEvent.ParticipantRoleChanged changed -> jdbc.update(
                    "update participants set role = ? where project_id = ? and user_id = ?", changed.to().name(), project, changed.userId());
            case ChatEvent.MessagePosted posted -> posted.attachmentFileIds().forEach(fileId -> jdbc.update("""
                    insert into attachments (project_id, message_id, file_id, visibility) values (?, ?, ?, ?)
                    on conflict do nothing""", project, posted.messageId(), fileId, posted.visibility().name()));
            case ChatEvent.MessageDeleted deleted -> jdbc.update(
                    "update attachments set deleted = true where message_id = ?", deleted.messageId());
            case ChatEvent.MessageEdited ignored -> { }
            case ChatEvent.MessagesRead ignored -> { }
        }
    }

    private void participant(String project, ChatEvent.Participant p) {
        jdbc.update("""
                insert into participants (project_id, user_id, role, active) values (?, ?, ?, true)
                on conflict (project_id, user_id) do update set role = excluded.role, active = true""",
                project, p.userId(), p.role().name());
    }
}
