package org.projectchat.files;

import io.minio.MinioClient;
import org.apache.kafka.clients.admin.NewTopic;
import org.projectchat.baseline.web.ProblemResponses;
import org.projectchat.contract.Topic;
import org.projectchat.files.storage.ObjectStorage;
import org.projectchat.outbox.OutboxRelay;
import org.projectchat.outbox.OutboxRelayProperties;
import org.projectchat.outbox.OutboxSignal;
import org.projectchat.outbox.OutboxTable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.util.backoff.ExponentialBackOff;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import javax.sql.DataSource;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;

@Configuration(proxyBeanMethods = false)
class FilesConfiguration {

    static final OutboxTable OUTBOX = new OutboxTable("files",
            "select position, stream_id, stream_version, envelope from outbox order by position limit ?",
            "delete from outbox where position = any(?)", List.of(Topic.FILE_EVENTS));

    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    MinioClient minioClient(FilesProperties properties) {
        MinioClient client = MinioClient.builder().endpoint(properties.s3Endpoint())
                .credentials(properties.s3AccessKey(), properties.s3SecretKey()).build();
        // fail fast when storage is gone: the request gets 503 instead of hanging
        client.setTimeout(TimeUnit.SECONDS.toMillis(2), TimeUnit.SECONDS.toMillis(60), TimeUnit.SECONDS.toMillis(60));
        return client;
    }

    @Bean
    NewTopic fileEventsTopic(@Value("${files.kafka.replication-factor:1}") short replicationFactor) {
        return new NewTopic(Topic.FILE_EVENTS.name(), Topic.FILE_EVENTS.partitions(), replicationFactor)
                .configs(Topic.FILE_EVENTS.configFor(replicationFactor));
    }

    @Bean
    NewTopic chatEventsTopic(@Value("${files.kafka.replication-factor:1}") short replicationFactor) {
        return new NewTopic(Topic.CHAT_EVENTS.name(), Topic.CHAT_EVENTS.partitions(), replicationFactor)
                .configs(Topic.CHAT_EVENTS.configFor(replicationFactor));
    }

    @Bean
    OutboxTable outboxTable() {
        return OUTBOX;
    }

    @Bean
    OutboxRelayProperties outboxRelayProperties(Environment environment) {
        return Binder.get(environment).bindOrCreate("files.outbox", OutboxRelayProperties.class);
    }

    @Bean
    OutboxSignal outboxSignal(JdbcTemplate jdbc, OutboxTable table) {
        return new OutboxSignal(jdbc, table);
    }

    @Bean
    OutboxRelay outboxRelay(OutboxTable table, DataSource dataSource, JdbcTemplate jdbc, KafkaProperties kafka,
                            OutboxRelayProperties properties, OutboxSignal signal) {
        return new OutboxRelay(table, dataSource, jdbc, kafka::buildProducerProperties, properties, signal);
    }

    @Bean
    DefaultErrorHandler kafkaErrorHandler() {
        ExponentialBackOff backOff = new ExponentialBackOff(200, 2.0);
        backOff.setMaxInterval(10_000);
        DefaultErrorHandler handler = new DefaultErrorHandler(backOff);
        handler.addNotRetryableExceptions(DeserializationException.class, IllegalArgumentException.class);
        return handler;
    }

    /** Storage down: 503 with Retry-After, never a 500; nothing was announced. */
    @RestControllerAdvice
    @Order(Ordered.HIGHEST_PRECEDENCE)
    static class StorageProblems {
        private static final Logger log = LoggerFactory.getLogger(StorageProblems.class);

        @ExceptionHandler(ObjectStorage.StorageUnavailable.class)
        ResponseEntity<ProblemDetail> unavailable(ObjectStorage.StorageUnavailable e) {
            log.warn("Object storage unavailable: {}", e.getMessage());
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "10")
                    .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .body(ProblemResponses.problem(HttpStatus.SERVICE_UNAVAILABLE, "storage-unavailable",
                            "Service unavailable", "File storage is unavailable; retry later."));
        }
    }
}
