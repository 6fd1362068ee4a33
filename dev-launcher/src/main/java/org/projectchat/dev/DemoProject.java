package org.projectchat.dev;

import org.projectchat.embedded.identity.LocalIssuer;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The demo project: one participant per role, seeded once through the real API. */
final class DemoProject {

    static final String PROJECT_ID = "demo-project";

    record DemoUser(String key, String userId, String name, String handle, String projectRole, List<String> tokenRoles) {
    }

    static final List<DemoUser> USERS = List.of(
            new DemoUser("expert", "u-erik", "Erik Expert", "erik", "EXPERT", List.of("USER")),
            new DemoUser("expert2", "u-eva", "Eva Expert", "eva", "EXPERT", List.of("USER")),
            new DemoUser("client", "u-clara", "Clara Client", "clara", "CLIENT", List.of("USER")),
            new DemoUser("ops", "u-olga", "Olga Ops", "olga", "PLATFORM_OPS", List.of("USER", "PLATFORM_OPS")),
            new DemoUser("account-manager", "u-anna", "Anna Manager", "anna", "ACCOUNT_MANAGER", List.of("USER")),
            new DemoUser("platform", "svc-marketplace", "Marketplace back end", null, null, List.of("PLATFORM_SERVICE")));

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** The demo users who are people (they sign in by name; the marketplace's service account does not). */
    static List<DemoUser> people() {
        return USERS.stream().filter(u -> u.handle() != null).toList();
    }

    /** A demo user's address (captured by the dev SMTP server); none for the service account. */
    static String email(DemoUser user) {
        return user.handle() == null ? null : user.handle() + "@demo.projectchat.local";
    }

    static Map<String, String> tokens(LocalIssuer issuer, Duration ttl) {
        Map<String, String> tokens = new LinkedHashMap<>();
        for (DemoUser u : USERS) {
            tokens.put(u.key(), issuer.mint(u.userId(), u.name(), email(u), u.tokenRoles(), ttl));
        }
        return tokens;
    }

    /** Opens the demo chat unless it exists, and posts a first exchange. Returns true if it was created now. */
    static boolean seed(String chatUrl, Map<String, String> tokens) throws Exception {
        List<Map<String, Object>> participants = USERS.stream().filter(u -> u.projectRole() != null)
                .map(u -> Map.<String, Object>of("userId", u.userId(), "displayName", u.name(), "handle", u.handle(),
                        "email", email(u), "role", u.projectRole(), "timeZone", "Europe/Berlin"))
                .toList();
        int status = post(chatUrl + "/projects", tokens.get("platform"), Map.of("projectId", PROJECT_ID,
                "title", "Demo: data pipeline rebuild", "participants", participants));
        if (status == 409) {
            return false;
        }
        if (status != 201) {
            throw new IllegalStateException("seeding the demo project failed: HTTP " + status);
        }
        String messages = chatUrl + "/projects/" + PROJECT_ID + "/messages";
        post(messages, tokens.get("client"), Map.of("body", "Welcome aboard @erik and @eva! Kickoff notes are in the brief.",
                "kind", "GENERAL", "clientMessageId", "seed-1"));
        post(messages, tokens.get("expert"), Map.of("body", "Daily update: ingestion job ported.\n```sql\nselect count(*) from raw_events;\n```",
                "kind", "PROGRESS_UPDATE", "clientMessageId", "seed-2"));
        post(messages, tokens.get("ops"), Map.of("body", "Internal: watch the timeline on this one.",
                "visibility", "INTERNAL", "clientMessageId", "seed-3"));
        return true;
    }

    private static int post(String url, String token, Object body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
