package org.projectchat.files;

import io.minio.MinioAsyncClient;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.projectchat.baseline.web.ProblemResponses;
import org.projectchat.files.storage.ObjectStorage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.jetty.ConfigurableJettyWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import java.util.concurrent.TimeUnit;

@Configuration(proxyBeanMethods = false)
class FilesConfiguration {

    @Bean
    MinioAsyncClient minioClient(FilesProperties properties) {
        MinioAsyncClient client = MinioAsyncClient.builder().endpoint(properties.s3Endpoint())
                .credentials(properties.s3AccessKey(), properties.s3SecretKey()).build();
        // fail fast when storage is gone: the request gets 503 instead of hanging
        client.setTimeout(TimeUnit.SECONDS.toMillis(2), TimeUnit.SECONDS.toMillis(60), TimeUnit.SECONDS.toMillis(60));
        return client;
    }

    /**
     * Request bodies are read from the socket in 64 KiB pieces instead of Jetty's default 8 KiB: an
     * upload then takes an eighth of the reads, and of the multipart parser's passes.
     */
    @Bean
    WebServerFactoryCustomizer<ConfigurableJettyWebServerFactory> uploadReadBuffer() {
        return factory -> factory.addServerCustomizers(server -> {
            for (Connector connector : server.getConnectors()) {
                HttpConnectionFactory http = connector.getConnectionFactory(HttpConnectionFactory.class);
                if (http != null) {
                    http.setInputBufferSize(64 * 1024);
                }
            }
        });
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
