package org.projectchat.gateway;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * web-gateway: the one origin a browser talks to. It serves the web client and routes {@code /api/{service}/**} to each
 * service, so the page needs no CORS; Server-Sent Events and uploads stream through. Tokens it is sent are verified
 * here too (a per-user rate limit needs to know the user), and again by every service.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class WebGatewayApplication {

    public static void main(String[] args) {
        SpringApplication.run(WebGatewayApplication.class, args);
    }
}
