package org.projectchat.search.index;

import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.stereotype.Component;

/**
 * Pauses and resumes the indexer's consumption, e.g. while Elasticsearch is being upgraded or to
 * let a backlog build on purpose. Paused, events wait on the topic (offsets are not committed past
 * them) and searches keep answering from the index as it was.
 */
@Component
public class IndexingSwitch {

    public record State(boolean pauseRequested, boolean paused) {
    }

    private final KafkaListenerEndpointRegistry registry;

    public IndexingSwitch(KafkaListenerEndpointRegistry registry) {
        this.registry = registry;
    }

    public State pause() {
        container().pause();
        return state();
    }

    public State resume() {
        container().resume();
        return state();
    }

    public State state() {
        MessageListenerContainer container = container();
        return new State(container.isPauseRequested(), container.isContainerPaused());
    }

    private MessageListenerContainer container() {
        return registry.getListenerContainer(SearchIndexer.LISTENER_ID);
    }
}
