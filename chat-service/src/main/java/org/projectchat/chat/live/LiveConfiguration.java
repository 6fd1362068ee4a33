package org.projectchat.chat.live;

import org.projectchat.eventsourcing.live.LiveFeed;
import org.projectchat.eventsourcing.notify.PostgresNotifications;
import org.projectchat.eventsourcing.roster.Rosters;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;

@Configuration(proxyBeanMethods = false)
class LiveConfiguration {

    @Bean
    LiveFeed chatLiveFeed(JdbcTemplate jdbc, Rosters rosters, PostgresNotifications notifications,
                          @Value("${chat.live.heartbeat:15s}") Duration heartbeat) {
        ChatFeed feed = new ChatFeed(jdbc, rosters);
        return new LiveFeed("chat", feed, feed, heartbeat, notifications, ChatFeed.channel());
    }
}
