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
import org.projectchat.contract.FileEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keeps the index in step with chat.events.v1 and file.events.v1. Order-safe and idempotent: a
 * message document carries the stream version of the last event applied to it as its external
 * version, so a stale or repeated event is refused by Elasticsearch and changes nothing.
 */
@Component
public class SearchIndexer {

    public static final String LISTENER_ID = "search-indexer";
    private static final Logger log = LoggerFactory.getLogger(SearchIndexer.class);
    private static final Pattern FENCE = Pattern.compile("(?ms)^[ \\t]*(```|~~~)[^\\n]*\\n(.*?)^[ \\t]*\\1[ \\t]*$");

    private final ElasticsearchClient client;
    private final ChatIndex index;

    public SearchIndexer(ElasticsearchClient client, ChatIndex index) {
        this.client = client;
        this.index = index;
    }

    @EventListener(ApplicationReadyEvent.class)
    public void createIndices() {
        index.ensure();
    }

    @KafkaListener(id = LISTENER_ID, topics = {"chat.events.v1", "file.events.v1"},
            groupId = "${search.indexer.group-id:search-indexer}", batch = "true")
    void onEvents(List<ConsumerRecord<String, EventEnvelope<EventPayload>>> records) throws IOException {
        apply(records.stream().map(ConsumerRecord::value).filter(v -> v != null).toList());
    }

    public void apply(List<EventEnvelope<EventPayload>> events) throws IOException {
        index.ensure();
        apply(events, index.alias());
    }

    /** Applies events to the given index (the alias, or a new index being rebuilt). */
    public void apply(List<EventEnvelope<EventPayload>> events, String target) throws IOException {
        List<BulkOperation> operations = new ArrayList<>();
        Map<String, MessageDocument> pending = new HashMap<>(); // documents changed earlier in this batch
        Map<String, Long> pendingVersions = new HashMap<>();
        Map<String, String> fileNames = new HashMap<>();   // files announced earlier in this batch
        Map<String, String> handles = authorHandles(events); // projectId|userId -> handle: one mget per batch
        for (EventEnvelope<EventPayload> e : events) {
            if (e.payload() instanceof ChatEvent.ProjectChatOpened opened) {
                opened.participants().forEach(p -> handles.put(e.streamId() + "|" + p.userId(), p.handle()));
            } else if (e.payload() instanceof ChatEvent.ParticipantAdded added) {
                handles.put(e.streamId() + "|" + added.participant().userId(), added.participant().handle());
            }
            switch (e.payload()) {
                case ChatEvent.ProjectChatOpened opened -> opened.participants().forEach(p -> operations.add(roster(e.streamId(), p, true)));
                case ChatEvent.ParticipantAdded added -> operations.add(roster(e.streamId(), added.participant(), true));
                case ChatEvent.ParticipantRemoved removed -> operations.add(BulkOperation.of(b -> b.update(u -> u
                        .index(index.rosterIndex()).id(e.streamId() + "|" + removed.userId())
                        .action(a -> a.doc(Map.of("active", false))))));
                case ChatEvent.ParticipantRoleChanged changed -> operations.add(BulkOperation.of(b -> b.update(u -> u
                        .index(index.rosterIndex()).id(e.streamId() + "|" + changed.userId())
                        .action(a -> a.doc(Map.of("role", changed.to().name()))))));
                case ChatEvent.MessagePosted posted -> {
                    MessageDocument doc = new MessageDocument(posted.messageId(), e.streamId(), posted.position(), posted.body(),
                            code(posted.body()), posted.attachmentFileIds(), names(posted.attachmentFileIds(), fileNames), e.actor().userId(),
                            e.actor().displayName(), handle(e.streamId(), e.actor().userId(), handles), e.actor().role(),
                            posted.kind().name(), posted.visibility().name(),
                            !posted.attachmentFileIds().isEmpty(), !code(posted.body()).isEmpty(), e.occurredAt().toString(),
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
                                edited.body(), code(edited.body()), current.attachmentIds(), current.attachmentNames(),
                                current.authorId(), current.authorName(), current.authorHandle(), current.authorRole(),
                                current.kind(), current.visibility(), current.hasFile(), !code(edited.body()).isEmpty(),
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

    /** The authors' @handles for the posts of a batch, from the roster index in one request (gets are real-time). */
    private Map<String, String> authorHandles(List<EventEnvelope<EventPayload>> events) throws IOException {
        List<String> keys = events.stream().filter(e -> e.payload() instanceof ChatEvent.MessagePosted)
                .map(e -> e.streamId() + "|" + e.actor().userId()).distinct().toList();
        Map<String, String> handles = new HashMap<>();
        if (keys.isEmpty()) {
            return handles;
        }
        var found = client.mget(m -> m.index(index.rosterIndex()).ids(keys), Map.class);
        for (var doc : found.docs()) {
            if (doc.isResult() && doc.result().found() && doc.result().source() != null) {
                handles.put(doc.result().id(), (String) doc.result().source().get("handle"));
            }
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

    private BulkOperation roster(String projectId, ChatEvent.Participant p, boolean active) {
        return BulkOperation.of(b -> b.index(i -> i.index(index.rosterIndex()).id(projectId + "|" + p.userId())
                .document(Map.of("projectId", projectId, "userId", p.userId(), "handle", p.handle() == null ? "" : p.handle(),
                        "role", p.role().name(), "active", active))));
    }

    /** The contents of fenced code blocks, searchable on their own. */
    static String code(String body) {
        StringBuilder code = new StringBuilder();
        Matcher m = FENCE.matcher(body);
        while (m.find()) {
            code.append(m.group(2)).append('\n');
        }
        return code.toString();
    }
}
