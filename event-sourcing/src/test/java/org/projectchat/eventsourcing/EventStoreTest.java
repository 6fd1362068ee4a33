package org.projectchat.eventsourcing;

import org.junit.jupiter.api.Test;
import org.projectchat.contract.ChatEvent;
import org.projectchat.contract.EventEnvelope;
import org.projectchat.contract.MessageKind;
import org.projectchat.contract.ParticipantRole;
import org.projectchat.contract.Visibility;
import org.projectchat.embedded.EmbeddedServers;
import org.projectchat.embedded.Server;
import org.projectchat.eventsourcing.store.EventStore;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.projectchat.eventsourcing.Kit.by;

@EmbeddedServers({Server.KAFKA, Server.POSTGRES})
class EventStoreTest {

    final EventStore store = Kit.store();

    static ChatEvent.MessagePosted post(String messageId, String body) {
        return new ChatEvent.MessagePosted(messageId, 0, null, body, MessageKind.GENERAL, Visibility.EVERYONE, List.of(), List.of(), null);
    }

    static ChatEvent.ProjectChatOpened opened(String project) {
        return new ChatEvent.ProjectChatOpened(project, "P", List.of(new ChatEvent.Participant("u-1", "Una", "una", null,
                ParticipantRole.EXPERT, "UTC")));
    }

    long count(String stream) {
        return Kit.jdbc().queryForObject("select count(*) from events where stream_id = ?", Long.class, stream);
    }

    @Test
    void appendsTakeTheVersionsAfterTheExpectedOneAndASecondWriterOfThemConflictsWritingNothing() {
        String stream = Kit.newStream();
        List<EventEnvelope<ChatEvent>> first = store.append(stream, 0, List.of(opened(stream), post("m-1", "one")), by("u-1"), null);
        assertThat(first).extracting(EventEnvelope::streamVersion).containsExactly(1L, 2L);

        assertThatThrownBy(() -> store.append(stream, 0, List.of(post("m-2", "two"), post("m-3", "three")), by("u-1"), null))
                .isInstanceOf(EventStore.ConcurrencyConflict.class);
        assertThatThrownBy(() -> store.append(stream, 1, List.of(post("m-2", "two")), by("u-1"), null))
                .isInstanceOf(EventStore.ConcurrencyConflict.class);
        assertThat(count(stream)).isEqualTo(2);
        assertThat(Kit.jdbc().queryForObject("select count(*) from outbox where stream_id = ?", Long.class, stream)).isEqualTo(2);

        assertThat(store.append(stream, 2, List.of(post("m-2", "two")), by("u-1"), null).getFirst().streamVersion()).isEqualTo(3);
        assertThat(store.version(stream)).isEqualTo(3);
    }

    @Test
    void aRepeatedIdempotencyKeyIsATypedDuplicateAndFindsWhatTheFirstAppendWrote() {
        String stream = Kit.newStream();
        store.append(stream, 0, List.of(opened(stream)), by("u-1"), null);
        var first = store.append(stream, 1, List.of(post("m-1", "once")), by("u-1"), "post:u-1:c-1");

        var duplicate = org.junit.jupiter.api.Assertions.assertThrows(EventStore.DuplicateAppend.class,
                () -> store.append(stream, 2, List.of(post("m-2", "once")), by("u-1"), "post:u-1:c-1"));
        assertThat(duplicate.idempotencyKey()).isEqualTo("post:u-1:c-1");
        assertThat(count(stream)).isEqualTo(2);
        assertThat(store.firstWith(stream, "post:u-1:c-1").orElseThrow().eventId()).isEqualTo(first.getFirst().eventId());
        // the same key in another stream is another key
        assertThat(store.append(Kit.newStream(), 0, List.of(post("m-3", "elsewhere")), by("u-1"), "post:u-1:c-1")).hasSize(1);
    }

    @Test
    void writersThatExpectNoVersionTakeTurnsAndLeaveNoGap() throws Exception {
        String stream = Kit.newStream();
        try (var pool = Executors.newFixedThreadPool(8)) {
            for (int i = 0; i < 120; i++) {
                int n = i;
                pool.submit(() -> store.append(stream, EventStore.ANY_VERSION, List.of(post("m-" + n, "n" + n)), by("u-1"), null));
            }
        }
        assertThat(Kit.jdbc().queryForList("select stream_version from events where stream_id = ? order by stream_version",
                Long.class, stream)).containsExactlyElementsOf(LongStream.rangeClosed(1, 120).boxed().toList());
    }

    @Test
    void oneEntitysEventsAndOneKindOfEventsLoadWithoutTheRest() {
        String stream = Kit.newStream();
        List<ChatEvent> events = new ArrayList<>();
        events.add(opened(stream));
        events.add(post("m-1", "first"));
        events.add(post("m-2", "second"));
        events.add(new ChatEvent.MessageEdited("m-1", 2, "first, edited", List.of()));
        events.add(new ChatEvent.ParticipantRemoved("u-1"));
        store.append(stream, 0, events, by("u-1"), null);

        assertThat(store.entity(stream, "m-1")).extracting(EventEnvelope::streamVersion).containsExactly(2L, 4L);
        var participants = store.load(stream, List.of(ChatEvent.ProjectChatOpened.class, ChatEvent.ParticipantRemoved.class));
        assertThat(participants.events()).extracting(EventEnvelope::streamVersion).containsExactly(1L, 5L);
        assertThat(participants.version()).isEqualTo(5);
        assertThat(store.load(stream, List.of()).events()).hasSize(5);
        assertThat(store.load(Kit.newStream(), List.of()).version()).isZero();
    }
}
