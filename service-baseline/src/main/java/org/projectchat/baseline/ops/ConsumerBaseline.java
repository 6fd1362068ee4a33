package org.projectchat.baseline.ops;

import org.apache.kafka.clients.admin.NewTopic;
import org.projectchat.contract.Topic;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.ContextRefreshedEvent;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.config.ContainerCustomizer;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.listener.BatchInterceptor;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.util.backoff.ExponentialBackOff;
import org.springframework.util.backoff.FixedBackOff;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;

import java.time.Clock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every event-driven service shares: the clock it reads time from, how a listener failure is
 * handled, and the topics of the contract, created if missing whichever service starts first.
 */
@AutoConfiguration(beforeName = "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration")
@ConditionalOnClass(name = "org.springframework.kafka.listener.ConsumerRecordRecoverer") // a service that reads no topic (the gateway) has no spring-kafka
public class ConsumerBaseline {

    private static final Logger log = LoggerFactory.getLogger(ConsumerBaseline.class);

    /**
     * @param replicationFactor 3 in production (topics then get min.insync.replicas=2); 1 for a single dev broker
     */
    @Bean
    @ConditionalOnClass(KafkaAdmin.class)
    KafkaAdmin.NewTopics contractTopics(@Value("${projectchat.kafka.replication-factor:1}") short replicationFactor) {
        return new KafkaAdmin.NewTopics(Topic.all().stream()
                .map(t -> new NewTopic(t.name(), t.partitions(), replicationFactor).configs(t.configFor(replicationFactor)))
                .toArray(NewTopic[]::new));
    }

    /**
     * How listeners poll and commit their Kafka offsets. The topics are written in Kafka transactions, so each
     * partition ends with a commit marker that no listener ever receives; without fixing that a caught-up consumer
     * group would show a lag of one per partition to monitoring for ever. Commits are asynchronous: every consumer keeps what it applied
     * with its effect (projection positions), so an offset lost in a crash only redelivers events it skips, while a
     * synchronous commit held each poll loop for a broker round trip or two, and an event committed meanwhile waited a
     * whole further loop to be fetched (the chat benchmark's post -> message store).
     * <p>
     * Each consumer polls on a platform thread of its own, also where requests are served on virtual threads (Spring
     * Boot then hands listeners a virtual-thread executor): a consumer is one long-lived thread, and on a virtual
     * thread each of its blocking calls (the poll, every statement of its transaction) waited for one of the few
     * carriers behind the requests and event streams being served.
     */
    @Bean
    @ConditionalOnClass(ConcurrentMessageListenerContainer.class)
    @ConditionalOnMissingBean
    ContainerCustomizer<Object, Object, ConcurrentMessageListenerContainer<Object, Object>> listenerContainers() {
        return container -> {
            container.getContainerProperties().setFixTxOffsets(true);
            container.getContainerProperties().setSyncCommits(false);
            container.getContainerProperties().setListenerTaskExecutor(null); // the container's own platform threads
        };
    }

    /** Traces continued through the outbox relay and each listener's poll (a no-op with tracing off). */
    @Bean
    @ConditionalOnClass(BatchInterceptor.class)
    @ConditionalOnMissingBean
    EventTraces eventTraces(ObjectProvider<Tracer> tracer, ObjectProvider<Propagator> propagator) {
        return new EventTraces(tracer.getIfUnique(() -> Tracer.NOOP), propagator.getIfUnique(() -> Propagator.NOOP));
    }

    /** Time is a dependency: tests replace it. */
    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }

    /**
     * What a listener does when a record fails. Trouble downstream (database, Elasticsearch, Kafka) is retried with
     * back-off without end: skipping would lose events in a projection. A record that cannot be read at all goes to
     * the consumer's dead-letter topic at once; one that fails to apply for a reason of its own, after three tries.
     * Either way the consumer goes on with the next record (see {@link DeadLetters}).
     */
    @Bean
    @ConditionalOnClass(DefaultErrorHandler.class)
    @ConditionalOnMissingBean
    DefaultErrorHandler kafkaErrorHandler(DeadLetters deadLetters) {
        ExponentialBackOff outage = new ExponentialBackOff(200, 2.0);
        outage.setMaxInterval(10_000);
        FixedBackOff ownFault = new FixedBackOff(500, 2);
        DefaultErrorHandler handler = new DefaultErrorHandler(deadLetters, ownFault);
        handler.setBackOffFunction((record, e) -> {
            boolean transientFailure = Failures.isTransient(e);
            log.warn("Record {}-{}@{} failed ({}); retrying {}", record.topic(), record.partition(), record.offset(),
                    Failures.rootMessage(e), transientFailure ? "until the outage ends" : "twice before setting it aside");
            return transientFailure ? outage : ownFault;
        });
        handler.addNotRetryableExceptions(DeserializationException.class);
        // the handler's own "seek to current" exception carries no news: the line above and DeadLetters say what happened
        handler.setLogLevel(org.springframework.kafka.KafkaException.Level.DEBUG);
        return handler;
    }

    @Bean
    @ConditionalOnClass(DefaultErrorHandler.class)
    @ConditionalOnMissingBean
    DeadLetters deadLetters(KafkaProperties kafka, MeterRegistry meters,
                            @Value("${projectchat.kafka.replication-factor:1}") short replicationFactor) {
        return new DeadLetters(kafka, meters, replicationFactor);
    }

    /** Each listener's dead-letter counters, at zero from the start. */
    @Bean
    @ConditionalOnClass(DefaultErrorHandler.class)
    ApplicationListener<ContextRefreshedEvent> deadLetterCounters(DeadLetters deadLetters,
                                                                  ObjectProvider<KafkaListenerEndpointRegistry> listeners) {
        return refreshed -> listeners.ifAvailable(registry -> registry.getListenerContainers().forEach(deadLetters::countFrom));
    }
}
