package org.projectchat.search.index;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.mapping.TypeMapping;
import co.elastic.clients.elasticsearch.indices.IndexSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;

/**
 * The message index lives behind an alias, so a rebuilt index can replace it atomically; rosters
 * have an index of their own. Both are created on first start.
 */
@Component
public class ChatIndex {

    private static final Logger log = LoggerFactory.getLogger(ChatIndex.class);

    private final ElasticsearchClient client;
    private final String alias;
    private final String rosterIndex;
    private final Clock clock;

    public ChatIndex(ElasticsearchClient client, Clock clock,
                     @Value("${search.index.alias:chat-messages}") String alias,
                     @Value("${search.index.roster:chat-rosters}") String rosterIndex) {
        this.client = client;
        this.clock = clock;
        this.alias = alias;
        this.rosterIndex = rosterIndex;
    }

    public String alias() {
        return alias;
    }

    public String rosterIndex() {
        return rosterIndex;
    }

    /** Creates the message index behind the alias and the roster index, unless they exist. */
    public void ensure() {
        try {
            if (!client.indices().existsAlias(a -> a.name(alias)).value()) {
                String index = alias + "-" + clock.millis();
                client.indices().create(c -> c.index(index).settings(settings()).mappings(messageMapping())
                        .aliases(alias, a -> a.isWriteIndex(true)));
                log.info("Created index {} behind alias {}", index, alias);
            }
            if (!client.indices().exists(e -> e.index(rosterIndex)).value()) {
                client.indices().create(c -> c.index(rosterIndex).settings(settings()).mappings(m -> m
                        .dynamic(co.elastic.clients.elasticsearch._types.mapping.DynamicMapping.Strict)
                        .properties("projectId", p -> p.keyword(k -> k))
                        .properties("userId", p -> p.keyword(k -> k))
                        .properties("handle", p -> p.keyword(k -> k))
                        .properties("role", p -> p.keyword(k -> k))
                        .properties("active", p -> p.boolean_(b -> b))));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static IndexSettings settings() {
        return IndexSettings.of(s -> s.numberOfShards("1").numberOfReplicas("0").refreshInterval(t -> t.time("1s")));
    }

    static TypeMapping messageMapping() {
        return TypeMapping.of(m -> m
                .dynamic(co.elastic.clients.elasticsearch._types.mapping.DynamicMapping.Strict)
                .properties("messageId", p -> p.keyword(k -> k))
                .properties("projectId", p -> p.keyword(k -> k))
                .properties("position", p -> p.long_(l -> l))
                .properties("body", p -> p.text(t -> t.analyzer("standard")))
                .properties("code", p -> p.text(t -> t.analyzer("whitespace")))
                .properties("attachmentIds", p -> p.keyword(k -> k))
                .properties("attachmentNames", p -> p.text(t -> t.analyzer("simple")))
                .properties("authorId", p -> p.keyword(k -> k))
                .properties("authorName", p -> p.text(t -> t))
                .properties("authorHandle", p -> p.keyword(k -> k.normalizer(null)))
                .properties("authorRole", p -> p.keyword(k -> k))
                .properties("kind", p -> p.keyword(k -> k))
                .properties("visibility", p -> p.keyword(k -> k))
                .properties("hasFile", p -> p.boolean_(b -> b))
                .properties("hasCode", p -> p.boolean_(b -> b))
                .properties("postedAt", p -> p.date(d -> d))
                .properties("editedAt", p -> p.date(d -> d))
                .properties("revision", p -> p.integer(i -> i)));
    }
}
