package org.projectchat.search.roster;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.FieldValue;
import org.projectchat.contract.ParticipantRole;
import org.projectchat.search.index.ChatIndex;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Who takes part where, as the indexer learnt it from participant events. */
@Component
public class Rosters {

    public record Membership(String projectId, String userId, String handle, String role, boolean active) {
    }

    private final ElasticsearchClient client;
    private final ChatIndex index;

    public Rosters(ElasticsearchClient client, ChatIndex index) {
        this.client = client;
        this.index = index;
    }

    public Map<String, ParticipantRole> activeProjectsOf(String userId) throws IOException {
        var response = client.search(s -> s.index(index.rosterIndex()).size(10_000)
                .query(q -> q.bool(b -> b.filter(f -> f.term(t -> t.field("userId").value(userId)))
                        .filter(f -> f.term(t -> t.field("active").value(true))))), Membership.class);
        Map<String, ParticipantRole> projects = new LinkedHashMap<>();
        response.hits().hits().forEach(h -> projects.put(h.source().projectId(), ParticipantRole.valueOf(h.source().role())));
        return projects;
    }

    public List<String> userIdsForHandles(List<String> handles) throws IOException {
        var response = client.search(s -> s.index(index.rosterIndex()).size(1_000)
                .query(q -> q.terms(t -> t.field("handle").terms(v -> v.value(handles.stream().map(FieldValue::of).toList())))),
                Membership.class);
        return response.hits().hits().stream().map(h -> h.source().userId()).distinct().toList();
    }
}
