package org.projectchat.escalations;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * escalation-service: escalation cases raised by participants or opened by timers, response deadlines in business
 * hours, cadence reminders, and the dashboard ops work them from. Cases are event-sourced with the kit and published
 * on escalation.events.v1.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class EscalationServiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(EscalationServiceApplication.class, args);
    }
}
