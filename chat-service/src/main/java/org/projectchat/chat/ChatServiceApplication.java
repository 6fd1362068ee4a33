package org.projectchat.chat;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * chat-service: takes chat commands and turns them into events (PostgreSQL event store, outbox to
 * Kafka), and serves the message store built from those events: history, live stream, export.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class ChatServiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(ChatServiceApplication.class, args);
    }
}
