package org.projectchat.chat.rebuild;

import org.projectchat.chat.messages.MessageStoreListener;
import org.projectchat.chat.messages.MessageStoreWriter;
import org.projectchat.contract.Topic;
import org.projectchat.eventsourcing.projection.Projection;
import org.projectchat.eventsourcing.replay.Replay;
import org.projectchat.eventsourcing.replay.ShadowTables;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.time.Clock;
import java.util.List;

/**
 * Rebuilds the message store from chat.events.v1 by replaying it into shadow tables while history keeps answering
 * from the current ones, then swapping them in one transaction.
 */
@Component
public class MessageStoreRebuild {

    private final Replay replay;
    private final Projection projection;
    private final DataSource dataSource;
    private final TransactionTemplate tx;

    public MessageStoreRebuild(Projection projection, DataSource dataSource, TransactionTemplate tx, KafkaProperties kafka,
                               KafkaListenerEndpointRegistry registry, Clock clock) {
        this.projection = projection;
        this.dataSource = dataSource;
        this.tx = tx;
        this.replay = new Replay(MessageStoreWriter.NAME, List.of(Topic.CHAT_EVENTS), kafka::buildConsumerProperties,
                () -> registry.getListenerContainer(MessageStoreListener.ID), clock);
    }

    /** Starts a rebuild; false if one is already running. */
    public boolean start() {
        return replay.start(new ShadowTables(projection, MessageStoreWriter.TABLES, dataSource, tx));
    }

    public Replay.Progress progress() {
        return replay.progress();
    }
}
