package org.projectchat.notifications;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * notification-service: who hears of what in the project chats, and how: in-app (always), email (SMTP) and Web Push,
 * under each participant's preferences, Do Not Disturb and availability hours; urgent matters get through.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class NotificationServiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(NotificationServiceApplication.class, args);
    }
}
