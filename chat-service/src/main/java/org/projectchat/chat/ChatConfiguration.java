package org.projectchat.chat;

import org.projectchat.chat.domain.ChatDecider;
import org.projectchat.chat.domain.ProjectChat;
import org.projectchat.chat.messages.MessageStoreWriter;
import org.projectchat.contract.ChatEvent;
import org.projectchat.eventsourcing.command.CommandRunner;
import org.projectchat.eventsourcing.projection.Projection;
import org.projectchat.eventsourcing.store.EventStore;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import javax.sql.DataSource;
import java.time.Clock;

/** chat-service on the event-sourcing kit: its decider behind the command runner, its message store projection. */
@Configuration(proxyBeanMethods = false)
class ChatConfiguration {

    /** Project states cached for this many projects. */
    static final int CACHED_PROJECTS = 20_000;

    @Bean
    CommandRunner<ChatDecider.Issued, ProjectChat, ChatEvent> chatCommandRunner(EventStore store, Clock clock) {
        return new CommandRunner<>(new ChatDecider(), store, clock, CACHED_PROJECTS);
    }

    /** The message store; it also keeps this service's project rosters. */
    @Bean
    Projection messageStoreProjection(MessageStoreWriter writer, DataSource dataSource) {
        return new Projection(MessageStoreWriter.NAME, true, writer, dataSource);
    }
}
