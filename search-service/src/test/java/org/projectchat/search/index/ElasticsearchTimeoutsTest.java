package org.projectchat.search.index;

import co.elastic.clients.transport.rest5_client.low_level.Request;
import co.elastic.clients.transport.rest5_client.low_level.Rest5Client;
import org.apache.hc.core5.http.HttpHost;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ElasticsearchTimeoutsTest {

    @Test
    @Timeout(60)
    void aRequestThatGetsNoAnswerFailsWithinTheResponseTimeout() throws Exception {
        List<Socket> accepted = new ArrayList<>();
        try (ServerSocket silent = new ServerSocket(0)) { // accepts, reads nothing, never answers
            Thread.ofVirtual().start(() -> {
                try {
                    while (true) {
                        accepted.add(silent.accept());
                    }
                } catch (Exception closed) {
                    // the test is over
                }
            });
            ElasticsearchTimeouts timeouts = new ElasticsearchTimeouts(Duration.ofMillis(500));
            try (Rest5Client client = Rest5Client.builder(new HttpHost("http", "127.0.0.1", silent.getLocalPort()))
                    .setRequestConfigCallback(timeouts::customize).build()) {
                long start = System.nanoTime();
                assertThatThrownBy(() -> client.performRequest(new Request("POST", "/_bulk")))
                        .isInstanceOf(java.io.IOException.class);
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
            }
        }
        for (Socket s : accepted) {
            s.close();
        }
    }
}
