package org.projectchat.contract;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** One realistic sample of every event type, for contract tests here and in the services. */
public final class EventSamples {

    public static final String PROJECT = "prj-7f3a";
    public static final Instant AT = Instant.parse("2026-11-25T09:15:30.123Z");
    public static final Actor OPS = new Actor("u-ops", "Olga Ops", "PLATFORM_OPS");
    public static final ChatEvent.Participant EXPERT = new ChatEvent.Participant(
            "u-exp", "Erik Expert", "erik", "erik@example.com", ParticipantRole.EXPERT, "Europe/Berlin");
    public static final ChatEvent.Participant CLIENT = new ChatEvent.Participant(
            "u-cli", "Clara Client", "clara", "clara@example.com", ParticipantRole.CLIENT, "America/New_York");

    private EventSamples() {
    }

    public static List<EventPayload> payloads() {
        String message = "0193a6f2-4c1e-7b3a-9d2e-5f6a7b8c9d0e";
        return List.of(
                new ChatEvent.ProjectChatOpened(PROJECT, "Data pipeline rebuild", List.of(EXPERT, CLIENT)),
                new ChatEvent.ParticipantAdded(new ChatEvent.Participant("u-am", "Anna Manager", "anna",
                        "anna@example.com", ParticipantRole.ACCOUNT_MANAGER, "Europe/London")),
                new ChatEvent.ParticipantRemoved("u-am"),
                new ChatEvent.ParticipantRoleChanged("u-cli", ParticipantRole.CLIENT, ParticipantRole.ACCOUNT_MANAGER),
                new ChatEvent.MessagePosted(message, 5, "c-42", "Blocked on VPN access.\n```sh\nssh db-1 # @erik\n```",
                        MessageKind.BLOCKER, Visibility.EVERYONE, List.of("0193a6f2-0000-7000-8000-000000000001"),
                        List.of(ChatEvent.Mention.role(ParticipantRole.PLATFORM_OPS), ChatEvent.Mention.user("u-cli", "clara")),
                        new ChatEvent.Escalation(EscalationReason.TECHNICAL_ACCESS, "VPN credentials today")),
                new ChatEvent.MessageEdited(message, 2, "Blocked on VPN access (edited)", List.of()),
                new ChatEvent.MessageDeleted(message),
                new ChatEvent.MessagesRead("u-cli", 5),
                new FileEvent.FileUploaded("0193a6f2-0000-7000-8000-000000000001", "architecture.pdf", 48213,
                        "application/pdf", "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"),
                new FileEvent.FileUploaded("0193a6f2-0000-7000-8000-000000000002", "site.jpg", 281229,
                        "image/jpeg", "999a58eaa440f60778df19e1f1e5754f80a68cc67657e73ba9539aa396ad4b31", 3000, 2000),
                new EscalationEvent.EscalationOpened("0193a6f2-0000-7000-8000-0000000000c1", EscalationEvent.Trigger.MANUAL,
                        EscalationReason.TECHNICAL_ACCESS, "VPN credentials today", "u-exp", message, Visibility.EVERYONE, null),
                new EscalationEvent.EscalationAcknowledged("0193a6f2-0000-7000-8000-0000000000c1", "u-ops"),
                new EscalationEvent.EscalationNoteAdded("0193a6f2-0000-7000-8000-0000000000c1",
                        "0193a6f2-0000-7000-8000-0000000000d1", "Called the client's IT; credentials by noon."),
                new EscalationEvent.EscalationResolved("0193a6f2-0000-7000-8000-0000000000c1",
                        EscalationEvent.Outcome.RESOLVED, "VPN access granted."),
                new EscalationEvent.EscalationReopened("0193a6f2-0000-7000-8000-0000000000c1", "Access revoked again"),
                new EscalationEvent.ResponseDue("0193a6f2-0000-7000-8000-0000000000e1",
                        EscalationEvent.DeadlineKind.EXPERT_RESPONSE, message, ParticipantRole.EXPERT,
                        AT, Instant.parse("2026-11-25T13:15:30.123Z"), Instant.parse("2026-11-25T17:15:30.123Z")),
                new EscalationEvent.ResponseWarning("0193a6f2-0000-7000-8000-0000000000e1",
                        EscalationEvent.DeadlineKind.EXPERT_RESPONSE, ParticipantRole.EXPERT,
                        Instant.parse("2026-11-25T17:15:30.123Z")),
                new EscalationEvent.SlaBreached("0193a6f2-0000-7000-8000-0000000000e1",
                        EscalationEvent.DeadlineKind.EXPERT_RESPONSE, ParticipantRole.EXPERT,
                        Instant.parse("2026-11-25T17:15:30.123Z")),
                new EscalationEvent.ResponseReceived("0193a6f2-0000-7000-8000-0000000000e1", "u-exp",
                        "0193a6f2-4c1e-7b3a-9d2e-5f6a7b8c9d0f", Instant.parse("2026-11-25T18:00:00Z")),
                new EscalationEvent.ReminderIssued("0193a6f2-0000-7000-8000-0000000000f1",
                        EscalationEvent.ReminderKind.DAILY_PROGRESS, "u-exp", "2026-11-24"));
    }

    public static EventEnvelope<EventPayload> envelope(EventPayload payload, long version) {
        return new EventEnvelope<>(UUID.fromString("0193a6f2-4c1e-7000-8000-00000000000" + (version % 10)), null, 0,
                PROJECT, version, AT, OPS, "corr-1", "cmd-1",
                "00-0193a6f24c1e70008000000000000001-00f067aa0ba902b7-01", payload);
    }
}
