package org.projectchat.contract;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Events written by v1 of the contract, frozen as files. They must keep reading, with the same
 * meaning, however the contract grows. Never edit these files; add new ones for new types.
 * (They were written once from {@link EventSamples}; run {@code main} only for a new type.)
 */
class FrozenCorpusTest {

    @Test
    void everyFrozenV1EventStillReads() throws Exception {
        Map<String, EventEnvelope<EventPayload>> corpus = corpus();

        assertThat(corpus.keySet()).containsAll(EventCatalog.entries().stream().map(EventCatalog.Entry::type).toList());
        corpus.forEach((type, event) -> {
            assertThat(event.type()).isEqualTo(type);
            assertThat(event.schemaVersion()).isEqualTo(1);
            assertThat(event.streamId()).isEqualTo("prj-7f3a");
        });

        var posted = (ChatEvent.MessagePosted) corpus.get("MessagePosted").payload();
        assertThat(posted.body()).isEqualTo("Blocked on VPN access.\n```sh\nssh db-1 # @erik\n```");
        assertThat(posted.visibility()).isEqualTo(Visibility.EVERYONE);
        assertThat(posted.kind()).isEqualTo(MessageKind.BLOCKER);
        assertThat(posted.escalation().reason()).isEqualTo(EscalationReason.TECHNICAL_ACCESS);
        assertThat(posted.mentions()).contains(ChatEvent.Mention.role(ParticipantRole.PLATFORM_OPS));
        var opened = (ChatEvent.ProjectChatOpened) corpus.get("ProjectChatOpened").payload();
        assertThat(opened.participants()).extracting(ChatEvent.Participant::role)
                .containsExactly(ParticipantRole.EXPERT, ParticipantRole.CLIENT);
        var file = (FileEvent.FileUploaded) corpus.get("FileUploaded").payload();
        assertThat(file.size()).isEqualTo(48213);
        assertThat(file.width()).as("written before images carried their size").isNull();
    }

    @Test
    void aFutureEventWithExtraFieldsStillReads() {
        String future = """
                {"eventId":"0193a6f2-4c1e-7000-8000-000000000009","type":"MessageDeleted","schemaVersion":2,
                 "streamId":"p","streamVersion":9,"occurredAt":"2026-11-25T09:15:30Z",
                 "actor":{"userId":"u","role":"EXPERT","avatar":"x.png"},
                 "tenant":"acme","payload":{"messageId":"m-1","reason":"duplicate"}}""";
        var event = EventJson.read(future);
        assertThat(event.payload()).isEqualTo(new ChatEvent.MessageDeleted("m-1"));
    }

    private static Map<String, EventEnvelope<EventPayload>> corpus() throws IOException, URISyntaxException {
        Path dir = Path.of(FrozenCorpusTest.class.getResource("/corpus/v1").toURI());
        try (var files = Files.list(dir)) {
            List<Path> paths = files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
            return paths.stream().collect(Collectors.toMap(
                    p -> p.getFileName().toString().replace(".json", ""),
                    p -> {
                        try {
                            return EventJson.read(Files.readString(p));
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    }));
        }
    }

    /** Writes the corpus for types that have no frozen file yet; never overwrites. */
    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "event-contract/src/test/resources/corpus/v1");
        Files.createDirectories(dir);
        long version = 1;
        for (EventPayload payload : EventSamples.payloads()) {
            Path file = dir.resolve(EventCatalog.of(payload.getClass()).type() + ".json");
            if (!Files.exists(file)) {
                var json = EventJson.mapper().writerWithDefaultPrettyPrinter()
                        .writeValueAsString(EventSamples.envelope(payload, version));
                Files.writeString(file, json + "\n");
            }
            version++;
        }
    }
}
