package org.projectchat.search.index;

import org.projectchat.contract.EventEnvelope;
import org.projectchat.contract.EventPayload;
import org.projectchat.contract.Topic;
import org.projectchat.eventsourcing.replay.Replay;
import org.projectchat.eventsourcing.replay.ReplayTarget;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.util.List;

/**
 * Builds a new message index by replaying the topics from the start (the kit's {@link Replay}) while the old one
 * keeps answering queries, then moves the alias in one atomic step. The index it replaced is kept until the next
 * rebuild, so a query that resolved the alias just before the swap finishes on it, and an operator can go back.
 */
@Component
public class SearchReindex {

    private final SearchIndexer indexer;
    private final ChatIndex index;
    private final Replay replay;

    public SearchReindex(SearchIndexer indexer, ChatIndex index, KafkaProperties kafka, KafkaListenerEndpointRegistry registry,
                         Clock clock) {
        this.indexer = indexer;
        this.index = index;
        this.replay = new Replay(SearchIndexer.NAME, List.of(Topic.CHAT_EVENTS, Topic.FILE_EVENTS), kafka::buildConsumerProperties,
                () -> registry.getListenerContainer(SearchIndexer.LISTENER_ID), clock);
    }

    public boolean start() {
        index.ensure();
        return replay.start(new NewIndex());
    }

    public Replay.Progress progress() {
        return replay.progress();
    }

    /** A new message index behind no alias, swapped in when complete. */
    private final class NewIndex implements ReplayTarget {
        private final String from = index.currentMessageIndex();
        private String to;

        @Override
        public String describe() {
            return "index " + (to == null ? "(new)" : to) + " replacing " + from;
        }

        @Override
        public void begin() {
            // indices replaced by earlier rebuilds, or left by failed ones, go now
            index.formerMessageIndices().forEach(index::delete);
            to = index.createMessageIndex();
        }

        @Override
        public void apply(List<EventEnvelope<EventPayload>> events) throws Exception {
            indexer.rebuild(events, to);
        }

        @Override
        public void complete() {
            index.swapAlias(from, to);
        }

        @Override
        public void abandon() {
            if (to != null) {
                index.delete(to);
            }
        }
    }
}
