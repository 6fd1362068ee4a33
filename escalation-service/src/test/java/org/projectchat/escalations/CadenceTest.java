package org.projectchat.escalations;

import org.junit.jupiter.api.Test;
import org.projectchat.contract.MessageKind;
import org.projectchat.contract.Priority;
import org.projectchat.contract.Visibility;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Experts report daily and weekly; a missing report is a reminder, once per day or week. */
class CadenceTest extends EscalationServiceTest {

    @Test
    void anExpertWithoutAProgressUpdateOnTheirLastBusinessDayIsRemindedOnce() {
        moveTo(Instant.parse("2026-12-06T12:00:00Z")); // Sunday: Erik (Berlin) joins
        Project p = project();
        p.applied();
        moveTo(Instant.parse("2026-12-08T10:00:00Z")); // Tuesday 11:00 Berlin: Monday had no update
        await().atMost(Duration.ofSeconds(10)).until(() -> p.reminders("DAILY_PROGRESS").size() == 1);
        assertThat(p.reminders("DAILY_PROGRESS")).containsExactly(p.erik.userId() + " 2026-12-07");

        p.post(p.erik, MessageKind.PROGRESS_UPDATE, Visibility.EVERYONE, Priority.NORMAL, null); // Tuesday's update
        p.applied();
        moveTo(Instant.parse("2026-12-09T08:00:00Z")); // Wednesday 09:00 Berlin: Tuesday had one
        p.say(p.clara);
        p.applied();
        await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.queryForObject(
                "select count(*) from timers where kind = 'CADENCE' and project_id = ? and fire_at <= ?", Long.class, p.id,
                java.sql.Timestamp.from(clock.instant())) == 0);
        assertThat(p.reminders("DAILY_PROGRESS")).hasSize(1);

        moveTo(Instant.parse("2026-12-10T08:00:00Z")); // Thursday: Wednesday had none
        await().atMost(Duration.ofSeconds(10)).until(() -> p.reminders("DAILY_PROGRESS").size() == 2);
        assertThat(p.reminders("DAILY_PROGRESS").get(1)).isEqualTo(p.erik.userId() + " 2026-12-09");
        assertThat(p.reminders("WEEKLY_SUMMARY")).isEmpty();

        moveTo(Instant.parse("2026-12-14T08:00:00Z")); // the next Monday: a week without a weekly summary
        await().atMost(Duration.ofSeconds(10)).until(() -> p.reminders("WEEKLY_SUMMARY").size() == 1);
        assertThat(p.reminders("WEEKLY_SUMMARY")).containsExactly(p.erik.userId() + " 2026-W51");
        assertThat(p.reminders("DAILY_PROGRESS")).as("Friday 11th had no update; the weekend is no business day")
                .last().isEqualTo(p.erik.userId() + " 2026-12-11");
    }
}
