package org.projectchat.contract;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Every event type of the contract: its name, record class, topic and current schema version. */
public final class EventCatalog {

    /** Prefix of the CloudEvents {@code type} attribute, e.g. {@code org.projectchat.chat.MessagePosted}. */
    public static final String CLOUDEVENTS_TYPE_PREFIX = "org.projectchat.";

    public record Entry(String type, Class<? extends EventPayload> payloadClass, Topic topic, int schemaVersion) {
        /** The CloudEvents type, namespaced by family: {@code org.projectchat.chat.MessagePosted}. */
        public String cloudEventsType() {
            String family = topic == Topic.CHAT_EVENTS ? "chat" : topic == Topic.FILE_EVENTS ? "file" : "escalation";
            return CLOUDEVENTS_TYPE_PREFIX + family + "." + type;
        }

        /** Classpath location of the JSON Schema of this type's payload. */
        public String schemaResource() {
            return "/schemas/" + type + ".v" + schemaVersion + ".json";
        }
    }

    private static final List<Entry> ENTRIES = List.of(
            chat(ChatEvent.ProjectChatOpened.class),
            chat(ChatEvent.ParticipantAdded.class),
            chat(ChatEvent.ParticipantRemoved.class),
            chat(ChatEvent.ParticipantRoleChanged.class),
            chat(ChatEvent.MessagePosted.class),
            chat(ChatEvent.MessageEdited.class),
            chat(ChatEvent.MessageDeleted.class),
            chat(ChatEvent.MessagesRead.class),
            new Entry("FileUploaded", FileEvent.FileUploaded.class, Topic.FILE_EVENTS, 1),
            escalation(EscalationEvent.EscalationOpened.class),
            escalation(EscalationEvent.EscalationAcknowledged.class),
            escalation(EscalationEvent.EscalationNoteAdded.class),
            escalation(EscalationEvent.EscalationResolved.class),
            escalation(EscalationEvent.EscalationReopened.class),
            escalation(EscalationEvent.ResponseDue.class),
            escalation(EscalationEvent.ResponseWarning.class),
            escalation(EscalationEvent.SlaBreached.class),
            escalation(EscalationEvent.ResponseReceived.class),
            escalation(EscalationEvent.ReminderIssued.class));

    private static final Map<String, Entry> BY_TYPE =
            ENTRIES.stream().collect(Collectors.toUnmodifiableMap(Entry::type, Function.identity()));
    private static final Map<Class<?>, Entry> BY_CLASS =
            ENTRIES.stream().collect(Collectors.toUnmodifiableMap(Entry::payloadClass, Function.identity()));

    private EventCatalog() {
    }

    private static Entry chat(Class<? extends ChatEvent> type) {
        return new Entry(type.getSimpleName(), type, Topic.CHAT_EVENTS, 1);
    }

    private static Entry escalation(Class<? extends EscalationEvent> type) {
        return new Entry(type.getSimpleName(), type, Topic.ESCALATION_EVENTS, 1);
    }

    public static List<Entry> entries() {
        return ENTRIES;
    }

    public static Entry of(Class<?> payloadClass) {
        Entry entry = BY_CLASS.get(payloadClass);
        if (entry == null) {
            throw new IllegalArgumentException("not an event of the contract: " + payloadClass.getName());
        }
        return entry;
    }

    /** The entry for a type name, or an exception naming the unknown type. */
    public static Entry of(String type) {
        Entry entry = BY_TYPE.get(type);
        if (entry == null) {
            throw new UnknownEventTypeException(type);
        }
        return entry;
    }

    public static boolean knows(String type) {
        return BY_TYPE.containsKey(type);
    }

    /** Thrown for an event type this version of the contract does not know (a newer producer). */
    public static final class UnknownEventTypeException extends IllegalArgumentException {
        public UnknownEventTypeException(String type) {
            super("unknown event type: " + type);
        }
    }
}
