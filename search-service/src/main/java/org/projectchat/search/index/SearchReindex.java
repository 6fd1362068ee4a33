package org.projectchat.search.index;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.projectchat.contract.EventCatalog;
import org.projectchat.contract.EventEnvelope;
import org.projectchat.contract.EventJson;
import org.projectchat.contract.EventPayload;
import org.projectchat.contract.Topic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Builds a new message index by replaying the topics from the start while the old one keeps
 * answering queries, then moves the alias in one atomic step. To lose nothing written meanwhile,
 * the live indexer is paused for the last catch-up and resumed after the swap; what it then
 * re-applies is refused by the external versions.
 */
@Component
public class SearchReindex {

    private static final Logger log = LoggerFactory.getLogger(SearchReindex.class);

    public enum State { IDLE, REINDEXING, DONE, FAILED }

    public record Progress(State state, String fromIndex, String toIndex, long events, long replayed, double percent,
                           Instant startedAt, Instant finishedAt, String error) {
    }

    private final SearchIndexer indexer;
    private final ChatIndex index;
    private final KafkaProperties kafka;
    private final KafkaListenerEndpointRegistry registry;
    private final Clock clock;
    private final AtomicReference<Progress> progress = new AtomicReference<>(
            new Progress(State.IDLE, null, null, 0, 0, 0, null, null, null));
    private final AtomicLong replayed = new AtomicLong();
    private final AtomicLong total = new AtomicLong();

    public SearchReindex(SearchIndexer indexer, ChatIndex index, KafkaProperties kafka, KafkaListenerEndpointRegistry registry,
                         Clock clock) {
        this.indexer = indexer;
        this.index = index;
        this.kafka = kafka;
        this.registry = registry;
        this.clock = clock;
    }

    public synchronized boolean start() {
        if (progress.get().state() == State.REINDEXING) {
            return false;
        }
        index.ensure();
        String from = index.currentMessageIndex();
        String to = index.createMessageIndex();
        Instant started = clock.instant();
        replayed.set(0);
        total.set(0);
        progress.set(new Progress(State.REINDEXING, from, to, 0, 0, 0, started, null, null));
        Thread.ofPlatform().name("search-reindex").daemon().start(() -> run(from, to, started));
        return true;
    }

    public Progress progress() {
        Progress p = progress.get();
        if (p.state() != State.REINDEXING) {
            return p;
        }
        long t = total.get();
        long r = replayed.get();
        return new Progress(p.state(), p.fromIndex(), p.toIndex(), t, r, t == 0 ? 0 : Math.floor(1000.0 * r / t) / 10,
                p.startedAt(), null, null);
    }

    private void run(String from, String to, Instant started) {
        MessageListenerContainer live = registry.getListenerContainer("search-indexer");
        Map<String, Object> config = new HashMap<>(kafka.buildConsumerProperties());
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
        try (var consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (Topic topic : List.of(Topic.CHAT_EVENTS, Topic.FILE_EVENTS)) {
                consumer.partitionsFor(topic.name()).forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            total.set(end.entrySet().stream().mapToLong(e -> e.getValue() - begin.get(e.getKey())).sum());
            replayUntil(consumer, partitions, end, to);
            // last catch-up with the live indexer paused, so nothing lands only in the old index
            live.pause();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!live.isPauseRequested() || !live.isContainerPaused()) {
                if (System.nanoTime() > deadline) {
                    break;
                }
                Thread.sleep(20);
            }
            Map<TopicPartition, Long> finalEnd = consumer.endOffsets(partitions);
            total.set(finalEnd.entrySet().stream().mapToLong(e -> e.getValue() - begin.get(e.getKey())).sum());
            replayUntil(consumer, partitions, finalEnd, to);
            index.swapAlias(from, to);
            live.resume();
            Thread.sleep(5_000); // queries that resolved the alias just before the swap finish on the old index
            index.delete(from);
            progress.set(new Progress(State.DONE, from, to, total.get(), replayed.get(), 100, started, clock.instant(), null));
            log.info("Reindexed {} events into {}", replayed.get(), to);
        } catch (Exception e) {
            live.resume();
            log.error("Reindex failed", e);
            progress.set(new Progress(State.FAILED, from, to, total.get(), replayed.get(), 0, started, clock.instant(), e.toString()));
        }
    }

    private void replayUntil(KafkaConsumer<String, byte[]> consumer, List<TopicPartition> partitions,
                             Map<TopicPartition, Long> end, String target) throws Exception {
        while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
            List<EventEnvelope<EventPayload>> batch = new ArrayList<>();
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                replayed.incrementAndGet();
                try {
                    batch.add(EventJson.read(record.value()));
                } catch (EventCatalog.UnknownEventTypeException | EventJson.MalformedEventException e) {
                    // a tolerant reader skips what it cannot read, as the live indexer does
                }
            }
            if (!batch.isEmpty()) {
                indexer.apply(batch, target);
            }
        }
    }
}
