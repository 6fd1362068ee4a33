package org.projectchat.eventsourcing.replay;

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
import org.springframework.kafka.listener.MessageListenerContainer;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Rebuilds a read model from its topics, from the start, while the old one keeps serving: the events are replayed
 * into a {@link ReplayTarget} by a consumer of its own; for the last stretch the live consumer is paused, the replay
 * catches up to the end of the topics, and the target swaps the new model in. The live consumer then resumes where
 * it was; what it applies again is skipped as already applied. Progress: records replayed against records on the
 * topics.
 */
public final class Replay {

    private static final Logger log = LoggerFactory.getLogger(Replay.class);

    public enum State { IDLE, REBUILDING, DONE, FAILED }

    /**
     * @param events   records on the topics when the replay last looked
     * @param replayed records replayed so far
     * @param target   what is being built
     */
    public record Progress(State state, Instant startedAt, Instant finishedAt, long events, long replayed, double percent,
                           String target, String error) {
    }

    private final String name;
    private final List<Topic> topics;
    private final Supplier<Map<String, Object>> consumerConfig;
    private final Supplier<MessageListenerContainer> live;
    private final Clock clock;
    private final AtomicReference<Progress> progress = new AtomicReference<>(
            new Progress(State.IDLE, null, null, 0, 0, 0, null, null));
    private final AtomicLong replayed = new AtomicLong();
    private final AtomicLong total = new AtomicLong();

    /**
     * @param live the listener container that keeps the model current, paused for the swap
     */
    public Replay(String name, List<Topic> topics, Supplier<Map<String, Object>> consumerConfig,
                  Supplier<MessageListenerContainer> live, Clock clock) {
        this.name = name;
        this.topics = List.copyOf(topics);
        this.consumerConfig = consumerConfig;
        this.live = live;
        this.clock = clock;
    }

    /** Starts replaying into the target in the background; false if a replay is running already. */
    public synchronized boolean start(ReplayTarget target) {
        if (progress.get().state() == State.REBUILDING) {
            return false;
        }
        Instant started = clock.instant();
        replayed.set(0);
        total.set(0);
        progress.set(new Progress(State.REBUILDING, started, null, 0, 0, 0, target.describe(), null));
        Thread.ofPlatform().name(name + "-replay").daemon().start(() -> run(target, started));
        return true;
    }

    public Progress progress() {
        Progress p = progress.get();
        if (p.state() != State.REBUILDING) {
            return p;
        }
        long t = total.get();
        long r = Math.min(replayed.get(), t);
        return new Progress(p.state(), p.startedAt(), null, t, r, t == 0 ? 0 : Math.floor(1000.0 * r / t) / 10,
                p.target(), null);
    }

    private void run(ReplayTarget target, Instant started) {
        MessageListenerContainer container = live.get();
        Map<String, Object> config = new HashMap<>(consumerConfig.get());
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
        boolean paused = false;
        try (var consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            target.begin();
            List<TopicPartition> partitions = new ArrayList<>();
            for (Topic topic : topics) {
                consumer.partitionsFor(topic.name()).forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions);
            replayUntil(consumer, partitions, begin, target);
            // the last stretch with the live consumer paused, so nothing lands only in the old model
            container.pause();
            paused = true;
            awaitPaused(container);
            replayUntil(consumer, partitions, begin, target);
            target.complete();
            progress.set(new Progress(State.DONE, started, clock.instant(), total.get(), replayed.get(), 100,
                    target.describe(), null));
            log.info("{}: replayed {} events into {}", name, replayed.get(), target.describe());
        } catch (Exception e) {
            log.error("{}: replay failed", name, e);
            target.abandon();
            progress.set(new Progress(State.FAILED, started, clock.instant(), total.get(), replayed.get(), 0,
                    target.describe(), e.toString()));
        } finally {
            if (paused) {
                container.resume();
            }
        }
    }

    private static void awaitPaused(MessageListenerContainer container) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!container.isContainerPaused() && container.isRunning()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the live consumer did not pause within 30 s");
            }
            Thread.sleep(20);
        }
    }

    /** Replays up to the current end of every partition. */
    private void replayUntil(KafkaConsumer<String, byte[]> consumer, List<TopicPartition> partitions,
                             Map<TopicPartition, Long> begin, ReplayTarget target) throws Exception {
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
        total.set(end.entrySet().stream().mapToLong(e -> e.getValue() - begin.get(e.getKey())).sum());
        while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
            List<EventEnvelope<EventPayload>> batch = new ArrayList<>();
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                replayed.incrementAndGet();
                try {
                    batch.add(EventJson.read(record.value()));
                } catch (EventCatalog.UnknownEventTypeException | EventJson.MalformedEventException e) {
                    // a tolerant reader skips what it cannot read, as the live consumer does
                }
            }
            if (!batch.isEmpty()) {
                target.apply(batch);
            }
        }
    }
}
