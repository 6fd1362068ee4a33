package org.projectchat.notifications;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.projectchat.contract.Actor;
import org.projectchat.contract.EscalationEvent;
import org.projectchat.contract.EscalationEvent.DeadlineKind;
import org.projectchat.contract.EscalationReason;
import org.projectchat.contract.EventEnvelope;
import org.projectchat.contract.EventEnvelopeSerializer;
import org.projectchat.contract.EventPayload;
import org.projectchat.contract.ParticipantRole;
import org.projectchat.contract.Topic;
import org.projectchat.contract.Visibility;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * escalation.events.v1 into notifications: a case a timer opened reaches ops and account managers, its
 * acknowledgement and resolution the participant who raised it, warnings and reminders whoever must act, breaches ops;
 * a case's notes reach no one.
 */
class EscalationNoticeTest extends NotificationServiceTest {

    static final Actor SERVICE = new Actor("escalation-service", "Escalation service", "PLATFORM_SERVICE");

    /** The project's escalation stream, published as escalation-service would. */
    final class Escalations {
        final Project project;
        final List<EventEnvelope<EventPayload>> sent = new ArrayList<>();

        Escalations(Project project) {
            this.project = project;
        }

        EventEnvelope<EventPayload> publish(Actor actor, EscalationEvent event) {
            EventEnvelope<EventPayload> envelope = EventEnvelope.of(project.id, sent.size() + 1, clock.instant(), actor, null,
                    null, null, event);
            send(envelope);
            sent.add(envelope);
            return envelope;
        }

        void send(EventEnvelope<?> envelope) {
            try (var producer = new KafkaProducer<String, EventEnvelope<?>>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                    stack().kafka().bootstrapServers()), new StringSerializer(), new EventEnvelopeSerializer())) {
                producer.send(new ProducerRecord<>(Topic.ESCALATION_EVENTS.name(), envelope.streamId(), envelope))
                        .get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        void applied() {
            await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.queryForList("""
                    select version from projection_positions
                    where projection = 'notifications' and topic = 'escalation.events.v1' and stream_id = ?""",
                    Long.class, project.id).stream().anyMatch(v -> v >= sent.size()));
        }
    }

    List<String> reasons(Person person) {
        List<String> reasons = new ArrayList<>();
        json(get(token(person), "/notifications")).get("items").forEach(i -> reasons.add(i.get("reason").asString()));
        return reasons;
    }

    @Test
    void aTimersCaseReachesOpsAndManagersAndItsProgressTheRaiserButNotesNoOne() {
        Project p = project();
        awaitApplied(p);
        Escalations escalations = new Escalations(p);
        escalations.publish(SERVICE, new EscalationEvent.EscalationOpened("c-1", EscalationEvent.Trigger.CLIENT_UNRESPONSIVE_TIMER,
                EscalationReason.CLIENT_UNRESPONSIVE, "The client answers the expert.", p.erik.userId(), "m-1",
                Visibility.EVERYONE, "d-1"));
        JsonNode olgas = awaitInbox(p.olga, 1).get("items").get(0);
        assertThat(olgas.get("reason").asString()).isEqualTo("CASE_OPENED");
        assertThat(olgas.get("urgent").asBoolean()).isTrue();
        awaitInbox(p.anna, 1);

        escalations.publish(p.olga.actor(), new EscalationEvent.EscalationNoteAdded("c-1", "n-1", "Secret: the client is insolvent"));
        escalations.publish(p.olga.actor(), new EscalationEvent.EscalationAcknowledged("c-1", p.olga.userId()));
        JsonNode eriks = awaitInbox(p.erik, 1).get("items").get(0);
        assertThat(eriks.get("reason").asString()).isEqualTo("CASE_UPDATE");
        assertThat(eriks.toString()).contains("acknowledged by Olga Ops");
        escalations.publish(p.olga.actor(), new EscalationEvent.EscalationResolved("c-1", EscalationEvent.Outcome.MEDIATED,
                "Secret summary: paid in installments"));
        awaitInbox(p.erik, 2);
        escalations.applied();

        assertThat(reasons(p.clara)).isEmpty();
        assertThat(reasons(p.eva)).isEmpty();
        assertThat(jdbc.queryForObject("select count(*) from messages where body like '%Secret%'", Long.class)).isZero();
        assertThat(jdbc.queryForObject("select count(distinct message_id) from deliveries where message_id like 'escalation-%'"
                + " and project_id = ? and user_id = ?", Long.class, p.id, p.olga.userId()))
                .as("the case opening only: Olga is not told of her own acts").isEqualTo(1);
    }

    @Test
    void warningsAndRemindersReachWhoMustActAndBreachesOps() {
        Project p = project();
        awaitApplied(p);
        Escalations escalations = new Escalations(p);
        Instant due = MONDAY_10.plus(Duration.ofHours(8));
        escalations.publish(SERVICE, new EscalationEvent.ResponseWarning("d-1", DeadlineKind.EXPERT_RESPONSE,
                ParticipantRole.EXPERT, due));
        escalations.publish(SERVICE, new EscalationEvent.ReminderIssued("r-1", EscalationEvent.ReminderKind.DAILY_PROGRESS,
                p.eva.userId(), "2026-12-04"));
        escalations.publish(SERVICE, new EscalationEvent.SlaBreached("d-1", DeadlineKind.EXPERT_RESPONSE,
                ParticipantRole.EXPERT, due));
        escalations.applied();
        assertThat(reasons(p.erik)).containsExactly("DEADLINE");
        assertThat(reasons(p.eva)).containsExactlyInAnyOrder("DEADLINE", "REMINDER");
        assertThat(reasons(p.olga)).containsExactly("SLA_BREACH");
        assertThat(reasons(p.clara)).isEmpty();
        assertThat(reasons(p.anna)).as("an account manager may not see what is for ops only").isEmpty();
        assertThat(json(get(token(p.eva), "/notifications")).toString()).contains("Please post your progress update for 2026-12-04");

        escalations.send(escalations.sent.get(1)); // redelivered
        escalations.publish(SERVICE, new EscalationEvent.ResponseReceived("d-1", p.erik.userId(), "m-2", MONDAY_10));
        escalations.applied();
        assertThat(reasons(p.eva)).as("once").hasSize(2);
    }

    @Test
    void aClientInternalCaseNeverReachesAnExpert() {
        Project p = project();
        awaitApplied(p);
        Escalations escalations = new Escalations(p);
        escalations.publish(p.clara.actor(), new EscalationEvent.EscalationOpened("c-2", EscalationEvent.Trigger.MANUAL,
                EscalationReason.CONDUCT, "Another expert", p.clara.userId(), "m-9", Visibility.CLIENT_INTERNAL, null));
        escalations.publish(p.anna.actor(), new EscalationEvent.EscalationAcknowledged("c-2", p.anna.userId()));
        escalations.publish(p.olga.actor(), new EscalationEvent.EscalationResolved("c-2", EscalationEvent.Outcome.RESOLVED, null));
        assertThat(awaitInbox(p.clara, 2).get("items").toString()).contains("Conduct escalation was resolved (Resolved)");
        escalations.applied();
        assertThat(reasons(p.erik)).isEmpty();
        assertThat(reasons(p.eva)).isEmpty();
        assertThat(reasons(p.olga)).as("a participant's case was notified with its post").isEmpty();
    }
}
