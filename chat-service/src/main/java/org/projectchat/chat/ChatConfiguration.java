package org.projectchat.chat;

import org.projectchat.chat.domain.ChatDecider;
import org.projectchat.chat.domain.ProjectChat;
import org.projectchat.chat.messages.MessageStoreWriter;
import org.projectchat.contract.ChatEvent;
import org.projectchat.eventsourcing.command.Arrivals;
import org.projectchat.eventsourcing.command.CommandRunner;
import org.projectchat.eventsourcing.command.CommandRunnerMeters;
import org.projectchat.eventsourcing.projection.Projection;
import org.projectchat.eventsourcing.store.EventStore;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.filter.OncePerRequestFilter;

import javax.sql.DataSource;
import java.time.Clock;
import java.time.Duration;

/** chat-service on the event-sourcing kit: its decider behind the command runner, its message store projection. */
@Configuration(proxyBeanMethods = false)
class ChatConfiguration {

    /** Project states cached for this many projects. */
    static final int CACHED_PROJECTS = 20_000;

    /**
     * Chat commands in batches (how many one transaction carries, how long a small batch waits for more), with the
     * message store applied in the same transaction: a post is in history, and on its live stream, when its author
     * gets the answer. The message store's consumer of chat.events.v1 applies what the inline projection could not
     * (a rebuild's swap, a failure) and is what a rebuild replays.
     */
    @Bean
    CommandRunner<ChatDecider.Issued, ProjectChat, ChatEvent> chatCommandRunner(
            EventStore store, Clock clock, Projection messageStore, @Value("${chat.commands.max-batch:256}") int maxBatch,
            @Value("${chat.commands.max-wait:2ms}") Duration maxWait, Arrivals arrivals) {
        return new CommandRunner<>("chat", new ChatDecider(), store, clock, CACHED_PROJECTS,
                new CommandRunner.Batching(maxBatch, maxWait, arrivals), messageStore.inline());
    }

    /** The group commit as operators see it (runner="chat"). */
    @Bean
    CommandRunnerMeters chatCommandMeters(CommandRunner<ChatDecider.Issued, ProjectChat, ChatEvent> runner) {
        return new CommandRunnerMeters(runner);
    }

    /** Requests that change something, on their way to the command runner (a batch waits for them). */
    @Bean
    Arrivals arrivals() {
        return new Arrivals();
    }

    @Bean
    FilterRegistrationBean<OncePerRequestFilter> arrivalsFilter(Arrivals arrivals) {
        var registration = new FilterRegistrationBean<>(arrivals.filter());
        registration.addUrlPatterns("/projects/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    /** The message store; it also keeps this service's project rosters. */
    @Bean
    Projection messageStoreProjection(MessageStoreWriter writer, DataSource dataSource) {
        return new Projection(MessageStoreWriter.NAME, true, writer, dataSource);
    }
}
