package org.projectchat.search.index;

import co.elastic.clients.transport.rest5_client.low_level.Rest5ClientBuilder;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.core5.util.Timeout;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.elasticsearch.autoconfigure.Rest5ClientBuilderCustomizer;
import org.springframework.stereotype.Component;

import java.time.Duration;

/**
 * Every request to Elasticsearch ends within the response timeout. Without it a bulk request the
 * server stopped reading (seen once with an incremental-bulk session that never completed) waits
 * for ever and stalls its consumer; with it the batch fails, is retried, and external versions
 * make the retry change nothing twice.
 */
@Component
class ElasticsearchTimeouts implements Rest5ClientBuilderCustomizer {

    private final Duration responseTimeout;

    ElasticsearchTimeouts(@Value("${search.elasticsearch.response-timeout:30s}") Duration responseTimeout) {
        this.responseTimeout = responseTimeout;
    }

    @Override
    public void customize(Rest5ClientBuilder builder) {
    }

    @Override
    public void customize(RequestConfig.Builder builder) {
        builder.setResponseTimeout(Timeout.of(responseTimeout));
    }
}
