package org.projectchat.search.index;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.VersionType;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.projectchat.contract.ChatEvent;
import org.projectchat.contract.EventEnvelope;
import org.projectchat.contract.EventPayload;
import org.projectchat.contract.FencedCode;
import org.projectchat.contract.EscalationEvent;
import org.projectchat.contract.FileEvent;
import org.projectchat.contract.Topic;
import org.projectchat.eventsourcing.projection.Projection;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import javax.sql.DataSource;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Keeps the index in step with chat.events.v1 and file.events.v1, as the kit's projection {@value #NAME}: it keeps
 * this service's project rosters (PostgreSQL) and skips events applied before. A message document also carries the
 * stream version of the last event applied to it as its external version, so a stale or repeated event that reaches
 * Elasticsearch anyway (a replay, a PostgreSQL commit lost after the bulk) is refused there and changes nothing.
 */
@Component
public class SearchIndexer {

    public static final String LISTENER_ID = "search-indexer";
    public static final String NAME = "search-index";

    private final ElasticsearchClient client;
    private final ChatIndex index;
    private final Projection projection;
    private final JdbcTemplate jdbc;

    public SearchIndexer(ElasticsearchClient client, ChatIndex index, DataSource dataSource) {
        this.client = client;
        this.index = index;
        this.jdbc = new JdbcTemplate(dataSource);
        this.projection = new Projection(NAME, true, (events, tx) -> {
            index.ensure();
            apply(events, index.alias(), tx);
        }, dataSource);
    }

    @EventListener(ApplicationReadyEvent.class)
    public void createIndices() {
        index.ensure();
    }

    @KafkaListener(id = LISTENER_ID, topics = {Topic.Names.CHAT_EVENTS, Topic.Names.FILE_EVENTS},
            groupId = "${search.indexer.group-id:search-indexer}", batch = "true")
    void onEvents(List<ConsumerRecord<String, EventEnvelope<EventPayload>>> records) {
        projection.deliver(records);
    }

    /** Applies events as they arrive: what was applied before is skipped. */
    public void apply(List<EventEnvelope<EventPayload>> events) {
        projection.apply(events);
    }

    /** Applies events to a new index being rebuilt (not through the projection: its positions and roster stay). */
    public void rebuild(List<EventEnvelope<EventPayload>> events, String target) throws IOException {
        apply(events, target, jdbc);
    }

    /** Applies events to the given index, reading authors' @handles from the roster through {@code roster}. */
    private void apply(List<EventEnvelope<EventPayload>> events, String target, JdbcTemplate roster) throws IOException {
        List<BulkOperation> operations = new ArrayList<>();
        Map<String, MessageDocument> pending = new HashMap<>(); // documents changed earlier in this batch
        Map<String, Long> pendingVersions = new HashMap<>();
        Map<String, String> fileNames = new HashMap<>();   // files announced earlier in this batch
        Map<String, String> handles = authorHandles(events, roster); // projectId|userId -> handle: one query per batch
        for (EventEnvelope<EventPayload> e : events) {
            switch (e.payload()) {
                case ChatEvent.ProjectChatOpened ignored -> { }
                case ChatEvent.ParticipantAdded ignored -> { }
                case ChatEvent.ParticipantRemoved ignored -> { }
                case ChatEvent.ParticipantRoleChanged ignored -> { }
                case ChatEvent.MessagePosted posted -> {
                    MessageDocument doc = new MessageDocument(posted.messageId(), e.streamId(), posted.position(), posted.body(),
                            FencedCode.code(posted.body()), posted.attachmentFileIds(), names(posted.attachmentFileIds(), fileNames), e.actor().userId(),
                            e.actor().displayName(), handle(e.streamId(), e.actor().userId(), handles), e.actor().role(),
                            posted.kind().name(), posted.visibility().name(),
                            !posted.attachmentFileIds().isEmpty(), !FencedCode.code(posted.body()).isEmpty(), e.occurredAt().toString(),
                            null, 1);
                    pending.put(posted.messageId(), doc);
                    pendingVersions.put(posted.messageId(), e.streamVersion());
                    operations.add(indexOp(target, doc, e.streamVersion(), VersionType.External));
                }
                case ChatEvent.MessageEdited edited -> {
                    MessageDocument current = pending.containsKey(edited.messageId()) ? pending.get(edited.messageId())
                            : load(target, edited.messageId());
                    if (current != null) {
                        MessageDocument doc = new MessageDocument(current.messageId(), current.projectId(), current.position(),
                                edited.body(), FencedCode.code(edited.body()), current.attachmentIds(), current.attachmentNames(),
                                current.authorId(), current.authorName(), current.authorHandle(), current.authorRole(),
                                current.kind(), current.visibility(), current.hasFile(), !FencedCode.code(edited.body()).isEmpty(),
                                current.postedAt(), e.occurredAt().toString(), edited.revision());
                        pending.put(edited.messageId(), doc);
                        pendingVersions.put(edited.messageId(), e.streamVersion());
                        operations.add(indexOp(target, doc, e.streamVersion(), VersionType.External));
                    }
                }
                case ChatEvent.MessageDeleted deleted -> {
                    pending.remove(deleted.messageId());
                    operations.add(BulkOperation.of(b -> b.delete(d -> d.index(target).id(deleted.messageId())
                            .version(e.streamVersion()).versionType(VersionType.External))));
                }
                case ChatEvent.MessagesRead ignored -> { }
                case EscalationEvent ignored -> { } // not on the topics this service reads
                case FileEvent.FileUploaded uploaded -> {
                    fileNames.put(uploaded.fileId(), uploaded.fileName());
                    operations.add(BulkOperation.of(b -> b.index(i -> i.index(index.filesIndex()).id(uploaded.fileId())
                            .document(Map.of("projectId", e.streamId(), "name", uploaded.fileName())))));
                    // messages that attached the file before its event arrived get its name now
                    for (var entry : pending.entrySet()) {
                        if (entry.getValue().attachmentIds().contains(uploaded.fileId())) {
                            MessageDocument named = withNames(entry.getValue(), fileNames);
                            entry.setValue(named);
                            operations.add(indexOp(target, named, pendingVersions.get(entry.getKey()), VersionType.ExternalGte));
                        }
                    }
                    for (var hit : attaching(target, uploaded.fileId())) {
                        if (!pending.containsKey(hit.id())) {
                            operations.add(indexOp(target, withNames(hit.source(), fileNames), hit.version(), VersionType.ExternalGte));
                        }
                    }
                }
            }
        }
        if (operations.isEmpty()) {
            return;
        }
        BulkResponse response = client.bulk(b -> b.operations(operations));
        if (response.errors()) {
            for (BulkResponseItem item : response.items()) {
                // 409: a newer state is already indexed (a stale or repeated event); 404: nothing to update or delete
                if (item.error() != null && item.status() != 409 && item.status() != 404) {
                    throw new IllegalStateException("indexing failed: " + item.error().reason());
                }
            }
        }
    }

    /** The authors' @handles for the posts of a batch, from the roster, in one query (former participants too). */
    private static Map<String, String> authorHandles(List<EventEnvelope<EventPayload>> events, JdbcTemplate roster) {
        String[] projects = events.stream().filter(e -> e.payload() instanceof ChatEvent.MessagePosted)
                .map(EventEnvelope::streamId).distinct().toArray(String[]::new);
        Map<String, String> handles = new HashMap<>();
        if (projects.length > 0) {
            roster.query("select project_id, user_id, handle from project_participants where project_id = any(?)",
                    rs -> {
                        handles.put(rs.getString(1) + "|" + rs.getString(2), rs.getString(3));
                    }, (Object) projects);
        }
        return handles;
    }

    private static String handle(String projectId, String userId, Map<String, String> handles) {
        return handles.get(projectId + "|" + userId);
    }

    private MessageDocument load(String target, String messageId) throws IOException {
        var got = client.get(g -> g.index(target).id(messageId), MessageDocument.class);
        return got.found() ? got.source() : null;
    }

    private List<co.elastic.clients.elasticsearch.core.search.Hit<MessageDocument>> attaching(String target, String fileId)
            throws IOException {
        client.indices().refresh(r -> r.index(target));
        return client.search(s -> s.index(target).version(true).size(1000)
                .query(q -> q.term(t -> t.field("attachmentIds").value(fileId))), MessageDocument.class).hits().hits();
    }

    /** File names for attachment ids: from this batch, else from the files index. */
    private List<String> names(List<String> fileIds, Map<String, String> batchNames) throws IOException {
        if (fileIds.isEmpty()) {
            return List.of();
        }
        List<String> names = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        for (String id : fileIds) {
            if (batchNames.containsKey(id)) {
                names.add(batchNames.get(id));
            } else {
                unknown.add(id);
            }
        }
        if (!unknown.isEmpty()) {
            var found = client.mget(m -> m.index(index.filesIndex()).ids(unknown), Map.class);
            for (var doc : found.docs()) {
                if (doc.isResult() && doc.result().found() && doc.result().source() != null) {
                    names.add(String.valueOf(doc.result().source().get("name")));
                }
            }
        }
        return names;
    }

    private MessageDocument withNames(MessageDocument d, Map<String, String> batchNames) throws IOException {
        return new MessageDocument(d.messageId(), d.projectId(), d.position(), d.body(), d.code(), d.attachmentIds(),
                names(d.attachmentIds(), batchNames), d.authorId(), d.authorName(), d.authorHandle(), d.authorRole(), d.kind(),
                d.visibility(), d.hasFile(), d.hasCode(), d.postedAt(), d.editedAt(), d.revision());
    }

    private BulkOperation indexOp(String target, MessageDocument doc, long version, VersionType type) {
        return BulkOperation.of(b -> b.index(i -> i.index(target).id(doc.messageId()).document(doc)
                .version(version).versionType(type)));
    }

}
