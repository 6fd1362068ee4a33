package org.projectchat.notifications;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.projectchat.embedded.Server;
import org.projectchat.notifications.deliveries.Channel;
import org.projectchat.notifications.email.EmailDispatcher;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The SMTP server goes away mid-way: readiness says so, email waits and is retried with back-off, nothing is lost,
 * and once the server is back every email goes out once. Two dispatchers (two replicas) never send one item twice.
 */
class SmtpOutageTest extends NotificationServiceTest {

    @Autowired
    ApplicationContext context;

    @AfterEach
    void backToMonday() {
        clock.set(MONDAY_10);
        if (!stack().isRunning(Server.SMTP)) {
            stack().restart(Server.SMTP);
        }
    }

    int readiness() {
        return send(HttpRequest.newBuilder(URI.create(url("/actuator/health/readiness"))).build()).statusCode();
    }

    @Test
    void smtpDownMidWayThenBackDeliversEveryEmailOnce() {
        Project p = project();
        List<String> ids = new ArrayList<>();
        ids.add(p.mention(p.erik, p.clara, "@clara before the outage"));
        awaitMail(p.clara, 1);
        assertThat(readiness()).isEqualTo(200);

        stack().stop(Server.SMTP);
        await("not ready without SMTP").atMost(Duration.ofSeconds(30)).until(() -> readiness() == 503);
        for (int i = 0; i < 5; i++) {
            ids.add(p.mention(p.erik, p.clara, "@clara during the outage " + i));
        }
        await("email retried with back-off").atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject(
                "select count(*) from deliveries where user_id = ? and channel = 'EMAIL' and state = 'RETRYING'", Long.class,
                p.clara.userId()) == 5);

        stack().restart(Server.SMTP); // a new, empty mailbox
        await("ready again").atMost(Duration.ofSeconds(30)).until(() -> readiness() == 200);
        clock.set(MONDAY_10.plus(Duration.ofMinutes(30))); // past every back-off
        await().atMost(Duration.ofSeconds(30)).until(() -> mailTo(p.clara.email()).size() >= 5);
        awaitApplied(p);
        clock.set(MONDAY_10.plus(Duration.ofHours(2)));
        List<String> subjects = mailTo(p.clara.email()).stream().map(m -> {
            try {
                return m.getSubject();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).toList();
        assertThat(subjects).hasSize(5).doesNotHaveDuplicates().allMatch(s -> s.contains("during the outage"));
        for (String id : ids) {
            awaitDelivered(p.clara, id, "EMAIL");
        }
    }

    @Test
    void twoDispatchersSendEachItemOnce() throws Exception {
        Project p = project();
        // a second replica's dispatcher, beside this one's, on the same database and mail server
        EmailDispatcher running = context.getBean(EmailDispatcher.class);
        running.stop();
        try {
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                ids.add(p.mention(p.erik, i % 2 == 0 ? p.clara : p.anna, "@someone item " + i));
            }
            awaitApplied(p);
            EmailDispatcher other = context.getAutowireCapableBeanFactory().createBean(EmailDispatcher.class);
            try (var replicas = Executors.newFixedThreadPool(2)) {
                List<Future<Integer>> passes = new ArrayList<>();
                for (EmailDispatcher replica : List.of(running, other)) {
                    passes.add(replicas.submit(() -> {
                        int handled = 0;
                        for (int pass = 0; pass < 50; pass++) {
                            handled += replica.runOnce();
                        }
                        return handled;
                    }));
                }
                int handled = 0;
                for (Future<Integer> f : passes) {
                    handled += f.get();
                }
                assertThat(handled).isEqualTo(40);
            }
            assertThat(mailTo(p.clara.email())).hasSize(20);
            assertThat(mailTo(p.anna.email())).hasSize(20);
            assertThat(jdbc.queryForObject("select count(*) from deliveries where project_id = ? and channel = ? and state = 'DELIVERED'",
                    Long.class, p.id, Channel.EMAIL.name())).isEqualTo(40);
        } finally {
            running.start();
        }
    }
}
