package org.projectchat.search;

import org.apache.kafka.clients.admin.NewTopic;
import org.projectchat.contract.Topic;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.util.backoff.ExponentialBackOff;

import java.time.Clock;

@Configuration(proxyBeanMethods = false)
class SearchConfiguration {

    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    NewTopic chatEventsTopic(@Value("${search.kafka.replication-factor:1}") short rf) {
        return new NewTopic(Topic.CHAT_EVENTS.name(), Topic.CHAT_EVENTS.partitions(), rf).configs(Topic.CHAT_EVENTS.configFor(rf));
    }

    @Bean
    NewTopic fileEventsTopic(@Value("${search.kafka.replication-factor:1}") short rf) {
        return new NewTopic(Topic.FILE_EVENTS.name(), Topic.FILE_EVENTS.partitions(), rf).configs(Topic.FILE_EVENTS.configFor(rf));
    }

    /** Elasticsearch trouble is retried with back-off without end; an unreadable record is skipped. */
    @Bean
    DefaultErrorHandler kafkaErrorHandler() {
        ExponentialBackOff backOff = new ExponentialBackOff(200, 2.0);
        backOff.setMaxInterval(10_000);
        DefaultErrorHandler handler = new DefaultErrorHandler(backOff);
        handler.addNotRetryableExceptions(DeserializationException.class, IllegalArgumentException.class);
        return handler;
    }
}
