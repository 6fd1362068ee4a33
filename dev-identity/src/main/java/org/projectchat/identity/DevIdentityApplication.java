package org.projectchat.identity;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Dev mode's OpenID Connect provider: the demo users sign in to the web client with the authorization code flow and PKCE. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class DevIdentityApplication {

    public static void main(String[] args) {
        SpringApplication.run(DevIdentityApplication.class, args);
    }
}
