package org.projectchat.notifications.secrets;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.function.Supplier;

/**
 * Secrets every replica must share (the VAPID key pair, the unsubscribe signing key): a configured value wins;
 * else the first replica to start makes one and stores it, and the others read that one.
 */
@Component
public class ServiceSecrets {

    private final JdbcTemplate jdbc;

    public ServiceSecrets(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public String get(String name, Supplier<String> make) {
        jdbc.update("insert into service_secrets (name, value) values (?, ?) on conflict (name) do nothing", name, make.get());
        return jdbc.queryForObject("select value from service_secrets where name = ?", String.class, name);
    }
}
