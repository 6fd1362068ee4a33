package org.projectchat.chat;

import org.projectchat.contract.Topic;
import org.projectchat.outbox.OutboxTable;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.List;

@Configuration(proxyBeanMethods = false)
class ChatConfiguration {

    /** The event store's outbox: rows point at events, which hold the envelope. */
    static final OutboxTable OUTBOX = new OutboxTable("chat", """
            select o.global_position, e.stream_id, e.stream_version, e.envelope::text
            from outbox o join events e on e.global_position = o.global_position
            order by o.global_position limit ?""",
            "delete from outbox where global_position = any(?)", List.of(Topic.CHAT_EVENTS));

    @Bean
    OutboxTable outboxTable() {
        return OUTBOX;
    }

}
