package org.projectchat.eventsourcing;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.Test;
import org.projectchat.contract.Topic;
import org.projectchat.embedded.EmbeddedServers;
import org.projectchat.embedded.Server;
import org.projectchat.eventsourcing.outbox.OutboxRelay;
import org.projectchat.eventsourcing.outbox.OutboxRelayProperties;
import org.projectchat.eventsourcing.outbox.OutboxSignal;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A relay stopped the way a service stops (every pod rollout) closes its Kafka producer without an error in the log. */
@EmbeddedServers({Server.KAFKA, Server.POSTGRES})
class OutboxRelayStopTest {

    @Test
    void stoppingThePublishingRelayLogsNoError() {
        Logger kafkaClients = (Logger) LoggerFactory.getLogger("org.apache.kafka.clients");
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        kafkaClients.addAppender(logged);
        OutboxSignal signal = new OutboxSignal(Kit.jdbc(), Kit.NAME);
        signal.start();
        OutboxRelay relay = new OutboxRelay(Kit.NAME, List.of(Topic.CHAT_EVENTS), Kit.dataSource(), Kit::kafka,
                new OutboxRelayProperties(true, 50, Duration.ofSeconds(1), Duration.ofMillis(2), Duration.ofMillis(200), null),
                signal, Kit.notifications(), org.projectchat.baseline.ops.EventTraces.none());
        try {
            relay.start();
            await("the relay publishes").atMost(Duration.ofSeconds(30)).until(relay::isLeader);
            relay.stop();
        } finally {
            relay.stop();
            signal.stop();
            kafkaClients.detachAppender(logged);
        }
        assertThat(relay.isLeader()).isFalse();
        assertThat(logged.list).filteredOn(e -> e.getLevel().isGreaterOrEqual(Level.ERROR))
                .extracting(ILoggingEvent::getFormattedMessage).isEmpty();
    }
}
