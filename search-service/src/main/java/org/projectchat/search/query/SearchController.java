package org.projectchat.search.query;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.query_dsl.BoolQuery;
import co.elastic.clients.elasticsearch._types.query_dsl.Operator;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;
import co.elastic.clients.elasticsearch.core.search.HighlightField;
import co.elastic.clients.elasticsearch.core.search.TotalHitsRelation;
import co.elastic.clients.util.NamedValue;
import io.swagger.v3.oas.annotations.Operation;
import org.projectchat.contract.PlatformUser;
import org.projectchat.baseline.web.ApiProblem;
import org.projectchat.contract.EventJson;
import org.projectchat.contract.ParticipantRole;
import org.projectchat.contract.Visibility;
import org.projectchat.contract.VisibilityRule;
import org.projectchat.search.index.ChatIndex;
import org.projectchat.search.index.MessageDocument;
import org.projectchat.eventsourcing.roster.Rosters;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Search of chat history. Results come only from projects the caller takes part in, per project
 * only the visibilities the one rule allows their role; ops see everything. The permission filter
 * is built here from the roster, never from the query, and every query part only narrows it.
 */
@RestController
public class SearchController {

    private final ElasticsearchClient client;
    private final ChatIndex index;
    private final Rosters rosters;

    public SearchController(ElasticsearchClient client, ChatIndex index, Rosters rosters) {
        this.client = client;
        this.index = index;
        this.rosters = rosters;
    }

    public record Result(String messageId, String projectId, long position, String authorId, String authorName,
                         String authorHandle, String authorRole, String kind, String visibility, String body,
                         List<String> highlights, String postedAt, String editedAt) {
    }

    /** totalExact is false when more than {@link #COUNTED} messages match and total is that lower bound. */
    public record Page(List<Result> hits, long total, boolean totalExact, String next) {
    }

    /** Matches are counted exactly up to here, like Slack's "10,000+"; counting all of a million costs every query. */
    static final int COUNTED = 10_000;

    @Operation(summary = "Search messages: words, \"phrases\", -exclusions, from:@handle in:<project> kind: has:file|code before: after: on:")
    @GetMapping("/search")
    Page search(@RequestParam String q, @RequestParam(defaultValue = "relevance") String sort,
                @RequestParam(defaultValue = "20") int limit, @RequestParam(required = false) String after,
                @RequestParam(defaultValue = "UTC") String tz, PlatformUser user) throws IOException {
        if (limit < 1 || limit > 100) {
            throw ApiProblem.badRequest("invalid-limit", "limit is between 1 and 100.");
        }
        if (!sort.equals("relevance") && !sort.equals("newest")) {
            throw ApiProblem.badRequest("invalid-sort", "sort is relevance or newest.");
        }
        ZoneId zone;
        try {
            zone = ZoneId.of(tz);
        } catch (DateTimeException e) {
            throw ApiProblem.badRequest("invalid-time-zone", "tz is a time zone like Europe/Berlin.");
        }
        SearchQuery query = SearchQuery.parse(q, zone);
        List<FieldValue> searchAfter = decode(after);
        BoolQuery.Builder bool = new BoolQuery.Builder();
        Query permission = permissionFilter(user);
        if (permission == null) {
            return new Page(List.of(), 0, true, null);
        }
        bool.filter(permission);
        addParts(bool, query);
        SearchResponse<MessageDocument> response = client.search(s -> {
            s.index(index.alias()).query(bool.build()._toQuery()).size(limit).trackTotalHits(t -> t.count(COUNTED))
                    .highlight(h -> h.fields(NamedValue.of("body", HighlightField.of(f -> f.numberOfFragments(3).fragmentSize(150)))));
            if (sort.equals("newest")) {
                s.sort(o -> o.field(f -> f.field("postedAt").order(SortOrder.Desc)));
            } else {
                s.sort(o -> o.score(sc -> sc.order(SortOrder.Desc)));
                s.sort(o -> o.field(f -> f.field("postedAt").order(SortOrder.Desc)));
            }
            s.sort(o -> o.field(f -> f.field("messageId").order(SortOrder.Asc)));
            if (searchAfter != null) {
                s.searchAfter(searchAfter);
            }
            return s;
        }, MessageDocument.class);
        List<Result> hits = new ArrayList<>();
        List<FieldValue> lastSort = null;
        for (Hit<MessageDocument> hit : response.hits().hits()) {
            MessageDocument d = hit.source();
            hits.add(new Result(d.messageId(), d.projectId(), d.position(), d.authorId(), d.authorName(), d.authorHandle(), d.authorRole(),
                    d.kind(), d.visibility(), d.body(), hit.highlight().getOrDefault("body", List.of()), d.postedAt(), d.editedAt()));
            lastSort = hit.sort();
        }
        var total = response.hits().total();
        String next = hits.size() == limit && lastSort != null ? encode(lastSort) : null;
        return new Page(hits, total == null ? hits.size() : total.value(),
                total == null || total.relation() == TotalHitsRelation.Eq, next);
    }

    /**
     * (project in P AND visibility in V) for each set V of visibilities the caller may see, P being
     * their projects where their role allows exactly V; null if none. At most one clause per
     * distinct set (three today), however many projects the caller is in.
     */
    Query permissionFilter(PlatformUser user) throws IOException {
        if (user.isStaff()) {
            return Query.of(q -> q.matchAll(m -> m));
        }
        Map<String, ParticipantRole> projects = rosters.activeProjectsOf(user.userId());
        if (projects.isEmpty()) {
            return null;
        }
        Map<Set<Visibility>, List<FieldValue>> byVisibility = new HashMap<>();
        projects.forEach((projectId, role) -> byVisibility
                .computeIfAbsent(VisibilityRule.visibleTo(VisibilityRule.Reader.participant(role)), v -> new ArrayList<>())
                .add(FieldValue.of(projectId)));
        BoolQuery.Builder any = new BoolQuery.Builder().minimumShouldMatch("1");
        byVisibility.forEach((visibilities, projectIds) -> {
            List<FieldValue> visible = visibilities.stream().map(Visibility::name).map(FieldValue::of).toList();
            any.should(s -> s.bool(b -> b
                    .filter(f -> f.terms(t -> t.field("projectId").terms(v -> v.value(projectIds))))
                    .filter(f -> f.terms(t -> t.field("visibility").terms(v -> v.value(visible))))));
        });
        return any.build()._toQuery();
    }

    void addParts(BoolQuery.Builder bool, SearchQuery query) throws IOException {
        if (!query.words().isEmpty()) {
            String text = String.join(" ", query.words());
            // whole words score above prefixes; every word must be found in one of the fields
            bool.must(m -> m.multiMatch(mm -> mm.query(text)
                    .fields("body^3", "code^3", "attachmentNames^2", "authorName", "body.prefix", "code.prefix", "attachmentNames.prefix")
                    .type(co.elastic.clients.elasticsearch._types.query_dsl.TextQueryType.CrossFields)
                    .operator(Operator.And)));
        }
        for (String phrase : query.phrases()) {
            bool.must(m -> m.multiMatch(mm -> mm.query(phrase).fields("body", "code")
                    .type(co.elastic.clients.elasticsearch._types.query_dsl.TextQueryType.Phrase)));
        }
        for (String word : query.excluded()) {
            bool.mustNot(m -> m.multiMatch(mm -> mm.query(word).fields("body", "code", "attachmentNames")
                    .type(co.elastic.clients.elasticsearch._types.query_dsl.TextQueryType.Phrase)));
        }
        if (!query.fromHandles().isEmpty()) {
            List<String> authors = rosters.userIdsForHandles(query.fromHandles());
            List<FieldValue> ids = authors.isEmpty() ? List.of(FieldValue.of("\u0000none")) : authors.stream().map(FieldValue::of).toList();
            bool.filter(f -> f.terms(t -> t.field("authorId").terms(v -> v.value(ids))));
        }
        if (!query.projects().isEmpty()) {
            bool.filter(f -> f.terms(t -> t.field("projectId").terms(v -> v.value(query.projects().stream().map(FieldValue::of).toList()))));
        }
        if (!query.kinds().isEmpty()) {
            bool.filter(f -> f.terms(t -> t.field("kind").terms(v -> v.value(query.kinds().stream().map(FieldValue::of).toList()))));
        }
        if (query.hasFile()) {
            bool.filter(f -> f.term(t -> t.field("hasFile").value(true)));
        }
        if (query.hasCode()) {
            bool.filter(f -> f.term(t -> t.field("hasCode").value(true)));
        }
        if (query.postedBefore() != null || query.postedFrom() != null) {
            bool.filter(f -> f.range(r -> r.date(d -> {
                d.field("postedAt");
                if (query.postedFrom() != null) {
                    d.gte(query.postedFrom().toString());
                }
                if (query.postedBefore() != null) {
                    d.lt(query.postedBefore().toString());
                }
                return d;
            })));
        }
    }

    static String encode(List<FieldValue> sort) {
        List<Object> values = new ArrayList<>();
        for (FieldValue v : sort) {
            values.add(v._get());
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(
                EventJson.mapper().writeValueAsString(values).getBytes(StandardCharsets.UTF_8));
    }

    static List<FieldValue> decode(String cursor) {
        if (cursor == null || cursor.isBlank()) {
            return null;
        }
        try {
            List<?> values = EventJson.mapper().readValue(Base64.getUrlDecoder().decode(cursor), List.class);
            List<FieldValue> sort = new ArrayList<>();
            for (Object v : values) {
                sort.add(v instanceof Number n ? (n instanceof Double || n instanceof Float ? FieldValue.of(n.doubleValue())
                        : FieldValue.of(n.longValue())) : FieldValue.of(String.valueOf(v)));
            }
            return sort;
        } catch (RuntimeException e) {
            throw ApiProblem.badRequest("invalid-cursor", "after is a cursor from an earlier page.");
        }
    }
}
