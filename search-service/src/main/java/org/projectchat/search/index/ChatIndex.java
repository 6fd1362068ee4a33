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
 * The message index lives behind an alias, so a rebuilt index can replace it atomically; attached files' names have
 * an index of their own. Both are created on first start. (Rosters are the event-sourcing kit's, in PostgreSQL.)
 */
@Component
public class ChatIndex {

    private static final Logger log = LoggerFactory.getLogger(ChatIndex.class);

    private final ElasticsearchClient client;
    private final String alias;
    private final String filesIndex;
    private final Clock clock;

    public ChatIndex(ElasticsearchClient client, Clock clock,
                     @Value("${search.index.alias:chat-messages}") String alias,
                     @Value("${search.index.files:chat-files}") String filesIndex) {
        this.client = client;
        this.filesIndex = filesIndex;
        this.clock = clock;
        this.alias = alias;
    }

    public String alias() {
        return alias;
    }

    public String filesIndex() {
        return filesIndex;
    }

    /** A new, empty message index with the current mapping (for a rebuild); returns its name. */
    public String createMessageIndex() {
        String name = alias + "-" + clock.millis();
        try {
            client.indices().create(c -> c.index(name).settings(messageSettings()).mappings(messageMapping()));
            return name;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The index the alias points at now. */
    public String currentMessageIndex() {
        try {
            return client.indices().getAlias(a -> a.name(alias)).aliases().keySet().iterator().next();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Makes the new index searchable, then moves the alias to it in one atomic step. */
    public void swapAlias(String from, String to) {
        try {
            client.indices().refresh(r -> r.index(to));
            client.indices().updateAliases(u -> u
                    .actions(a -> a.remove(r -> r.index(from).alias(alias)))
                    .actions(a -> a.add(ad -> ad.index(to).alias(alias).isWriteIndex(true))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void delete(String indexName) {
        try {
            client.indices().delete(d -> d.index(indexName).ignoreUnavailable(true));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The message indices other than the one behind the alias: replaced by a rebuild, or left by a failed one. */
    public java.util.List<String> formerMessageIndices() {
        try {
            String current = currentMessageIndex();
            return client.indices().get(g -> g.index(alias + "-*")).indices().keySet().stream()
                    .filter(name -> !name.equals(current)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private volatile boolean ensured;

    /** Creates the message index behind the alias and the files index, unless they exist. */
    public void ensure() {
        if (ensured) {
            return;
        }
        try {
            if (!client.indices().existsAlias(a -> a.name(alias)).value()) {
                String index = alias + "-" + clock.millis();
                client.indices().create(c -> c.index(index).settings(messageSettings()).mappings(messageMapping())
                        .aliases(alias, a -> a.isWriteIndex(true)));
                log.info("Created index {} behind alias {}", index, alias);
            }
            if (!client.indices().exists(e -> e.index(filesIndex)).value()) {
                client.indices().create(c -> c.index(filesIndex).settings(settings()).mappings(m -> m
                        .dynamic(co.elastic.clients.elasticsearch._types.mapping.DynamicMapping.Strict)
                        .properties("projectId", p -> p.keyword(k -> k))
                        .properties("name", p -> p.keyword(k -> k))));
            }
            ensured = true;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static IndexSettings settings() {
        return IndexSettings.of(s -> s.numberOfShards("1").numberOfReplicas("0").refreshInterval(t -> t.time("1s")));
    }

    /**
     * What chat search users expect: e-mail addresses and URLs stay whole tokens (uax_url_email) and
     * are also split into words; code identifiers split on dots, underscores and camelCase while the
     * original is kept (word_delimiter_graph); accents fold; and a prefix field of edge n-grams finds
     * partial words from two characters on. Only components that production Elasticsearch has built
     * in (analysis-common) and the embedded node gets from the harness's plugin.
     */
    static IndexSettings messageSettings() {
        return IndexSettings.of(s -> s.numberOfShards("1").numberOfReplicas("0").refreshInterval(t -> t.time("1s"))
                .analysis(a -> a
                        .filter("chat_words", f -> f.definition(d -> d.wordDelimiterGraph(w -> w.preserveOriginal(true)
                                .splitOnCaseChange(true).splitOnNumerics(true))))
                        .filter("chat_prefixes", f -> f.definition(d -> d.edgeNgram(e -> e.minGram(2).maxGram(20))))
                        .analyzer("chat_text", an -> an.custom(c -> c.tokenizer("uax_url_email")
                                .filter("chat_words", "lowercase", "asciifolding")))
                        .analyzer("chat_prefix", an -> an.custom(c -> c.tokenizer("uax_url_email")
                                .filter("chat_words", "lowercase", "asciifolding", "chat_prefixes")))));
    }

    static TypeMapping messageMapping() {
        return TypeMapping.of(m -> m
                .dynamic(co.elastic.clients.elasticsearch._types.mapping.DynamicMapping.Strict)
                .properties("messageId", p -> p.keyword(k -> k))
                .properties("projectId", p -> p.keyword(k -> k))
                .properties("position", p -> p.long_(l -> l))
                .properties("body", p -> p.text(t -> t.analyzer("chat_text")
                        .fields("prefix", f -> f.text(x -> x.analyzer("chat_prefix").searchAnalyzer("chat_text")))))
                .properties("code", p -> p.text(t -> t.analyzer("chat_text")
                        .fields("prefix", f -> f.text(x -> x.analyzer("chat_prefix").searchAnalyzer("chat_text")))))
                .properties("attachmentIds", p -> p.keyword(k -> k))
                .properties("attachmentNames", p -> p.text(t -> t.analyzer("chat_text")
                        .fields("prefix", f -> f.text(x -> x.analyzer("chat_prefix").searchAnalyzer("chat_text")))))
                .properties("authorId", p -> p.keyword(k -> k))
                .properties("authorName", p -> p.text(t -> t))
                .properties("authorHandle", p -> p.keyword(k -> k))
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
