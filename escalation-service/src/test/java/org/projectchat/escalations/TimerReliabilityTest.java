package org.projectchat.escalations;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.projectchat.contract.ChatEvent;
import org.projectchat.contract.EscalationReason;
import org.projectchat.contract.MessageKind;
import org.projectchat.contract.Priority;
import org.projectchat.contract.Topic;
import org.projectchat.contract.Visibility;
import org.projectchat.escalations.cadence.Cadence;
import org.projectchat.escalations.commands.EscalationCommands;
import org.projectchat.escalations.intake.ChatListener;
import org.projectchat.escalations.timers.TimerProperties;
import org.projectchat.escalations.timers.Timers;
import org.springframework.beans.factory.annotation.Autowired;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Timers fire once: across replicas, after a replica dies holding them, and whatever replays the chat topic. */
class TimerReliabilityTest extends EscalationServiceTest {

    @Autowired
    TimerProperties timerProperties;
    @Autowired
    EscalationCommands commands;
    @Autowired
    Cadence cadence;
    @Autowired
    ChatListener listener;

    @Test
    void aTimerHeldByAReplicaThatDiedFiresLateButOnce() {
        Project p = project();
        p.say(p.clara);
        p.applied();
        timers.stop(); // this replica's loop pauses; the "dead" replica below claims the timer and never fires it
        try {
            advance(Duration.ofDays(7));
            List<Timers.Claimed> held = timers.claim(clock.instant());
            assertThat(held).extracting(Timers.Claimed::projectId).contains(p.id);
        } finally {
            timers.start();
        }
        advance(timerProperties.lease().minusSeconds(1));
        p.say(p.olga); // a chat event for the intake, so that what follows is not a race with the poll
        p.applied();
        assertThat(p.count("SlaBreached")).as("still held by the dead replica").isZero();
        advance(Duration.ofSeconds(1));
        await().atMost(Duration.ofSeconds(10)).until(() -> p.count("SlaBreached") == 1);
        advance(timerProperties.lease().multipliedBy(3));
        p.say(p.olga);
        p.applied();
        assertThat(p.count("SlaBreached")).isEqualTo(1);
        assertThat(p.count("ResponseWarning")).isZero(); // overdue at its first firing: the breach alone
    }

    @Test
    void twoReplicasFireEachTimerOnce() throws Exception {
        List<Project> projects = IntStream.range(0, 30).mapToObj(i -> project()).toList();
        projects.forEach(p -> p.say(p.erik));
        projects.forEach(Project::applied);
        Timers second = new Timers(jdbc, clock, timerProperties, commands, cadence);
        second.start();
        try {
            advance(Duration.ofHours(24));
            second.wake();
            await().atMost(Duration.ofSeconds(30)).until(() -> projects.stream().allMatch(p -> p.count("ResponseWarning") == 1));
            advance(Duration.ofHours(24));
            second.wake();
            // a third contender, firing by hand while both loops run
            Thread extra = Thread.ofVirtual().start(() -> {
                try {
                    second.fireDue();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            await().atMost(Duration.ofSeconds(30)).until(() -> projects.stream().allMatch(p -> p.count("EscalationOpened") == 1));
            extra.join();
        } finally {
            second.stop();
        }
        for (Project p : projects) {
            assertThat(p.count("ResponseWarning")).isEqualTo(1);
            assertThat(p.reminders("CLIENT_REPLY")).hasSize(1);
            assertThat(p.count("SlaBreached")).isEqualTo(1);
            assertThat(p.count("EscalationOpened")).isEqualTo(1);
        }
    }

    @Test
    void replayingTheChatTopicFromTheBeginningOpensNoSecondCaseAndPublishesNothingNew() {
        Project p = project();
        p.say(p.erik);
        advance(Duration.ofHours(2));
        p.post(p.clara, MessageKind.QUESTION, Visibility.EVERYONE, Priority.NORMAL, null);
        advance(Duration.ofHours(1));
        p.post(p.erik, MessageKind.BLOCKER, Visibility.EVERYONE, Priority.NORMAL,
                new ChatEvent.Escalation(EscalationReason.TECHNICAL_ACCESS, "VPN access"));
        p.applied();
        advance(Duration.ofDays(3));
        await().atMost(Duration.ofSeconds(10)).until(() -> p.count("EscalationOpened") == 3); // manual, client silent, blocker unacknowledged
        p.say(p.clara);
        p.applied();
        await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.queryForObject(
                "select count(*) from timers where project_id = ? and fire_at <= ?", Long.class, p.id,
                java.sql.Timestamp.from(clock.instant())) == 0); // everything due has fired
        List<String> before = p.events();
        long publishedBefore = publishedCount();

        jdbc.update("delete from projection_positions where projection = 'escalation-intake' and stream_id = ?", p.id);
        assertThat(listener.apply(p.chat.sent())).as("every post decided again").isEqualTo(p.chat.sent().size());

        assertThat(p.events()).isEqualTo(before);
        assertThat(publishedCount()).isEqualTo(publishedBefore);
        assertThat(p.count("EscalationOpened")).isEqualTo(3);
    }

    private long publishedCount() {
        Long n = jdbc.queryForObject("select count(*) from events", Long.class);
        return n == null ? 0 : n;
    }

    @Test
    void eventsArePublishedOnTheEscalationTopicKeyedByProjectWithCloudEventsHeaders() {
        Project p = project();
        p.post(p.clara, MessageKind.GENERAL, Visibility.EVERYONE, Priority.NORMAL,
                new ChatEvent.Escalation(EscalationReason.SCOPE_DISAGREEMENT, "Agree on the scope"));
        p.applied();
        List<String> types = new ArrayList<>();
        Map<String, String> headers = new HashMap<>();
        try (var consumer = new KafkaConsumer<String, String>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack().kafka().bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(Topic.ESCALATION_EVENTS.name()));
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                for (var record : consumer.poll(Duration.ofMillis(200))) {
                    if (p.id.equals(record.key())) {
                        types.add(new String(record.headers().lastHeader("ce_type").value(), StandardCharsets.UTF_8));
                        record.headers().forEach(h -> headers.put(h.key(), new String(h.value(), StandardCharsets.UTF_8)));
                    }
                }
                return types.size() >= 2;
            });
        }
        assertThat(types).containsExactly("org.projectchat.escalation.EscalationOpened", "org.projectchat.escalation.ResponseDue");
        assertThat(headers).containsKeys("ce_id", "ce_source", "ce_specversion", "ce_time");
    }
}
