package org.projectchat.eventsourcing;

import org.projectchat.contract.Topic;
import org.springframework.boot.context.properties.ConfigurationProperties;

import java.util.List;

/**
 * Settings of the kit ({@code projectchat.event-store.*}).
 *
 * @param name   the service's event store, if it publishes events: names its outbox relay's lock, NOTIFY channel and
 *               Kafka transactional id; the relay's settings are under {@code <name>.outbox.*}. Empty: no event store.
 * @param topics the topics its events are published on (names of {@link Topic}s)
 */
@ConfigurationProperties("projectchat.event-store")
public record EventSourcingProperties(String name, List<String> topics) {

    public EventSourcingProperties {
        topics = topics == null ? List.of() : List.copyOf(topics);
    }

    List<Topic> publishedTopics() {
        return topics.stream().map(t -> Topic.all().stream().filter(known -> known.name().equals(t)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("projectchat.event-store.topics: no topic " + t + " in the contract")))
                .toList();
    }
}
