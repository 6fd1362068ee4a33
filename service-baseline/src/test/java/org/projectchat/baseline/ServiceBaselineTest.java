package org.projectchat.baseline;

import com.nimbusds.jwt.JWTClaimsSet;
import org.junit.jupiter.api.Test;
import org.projectchat.baseline.web.WholeJsonBodies;
import org.projectchat.embedded.identity.LocalIssuer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.context.support.ServletRequestHandledEvent;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "projectchat.web.max-request-bytes=1024",
        "management.endpoints.web.exposure.include=health,info,prometheus",
        "management.endpoint.health.probes.enabled=true"})
class ServiceBaselineTest {

    static final LocalIssuer ISSUER = LocalIssuer.ephemeral();
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @DynamicPropertySource
    static void security(DynamicPropertyRegistry registry) {
        registry.add("projectchat.security.public-key", ISSUER::publicKeyLocation);
    }

    @LocalServerPort
    int port;

    @Autowired
    RequestEvents requestEvents;

    String userToken() {
        return ISSUER.mint("u-1", "Erik Expert", "erik@example.com", List.of("USER"), Duration.ofMinutes(5));
    }

    HttpResponse<String> get(String path, String token) throws Exception {
        var request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, String token, String json) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static void assertProblem(HttpResponse<String> response, int status, String detailFragment) {
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(response.body()).contains("\"status\":" + status).contains(detailFragment)
                .doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void aValidTokenReachesTheCallerAndRolesComeFromTheClaim() throws Exception {
        var response = get("/me", ISSUER.mint("u-ops", "Olga", null, List.of("PLATFORM_OPS"), Duration.ofMinutes(1)));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"userId\":\"u-ops\"").contains("PLATFORM_OPS");
        assertThat(get("/staff-only", ISSUER.mint("u-ops", "Olga", null, List.of("PLATFORM_OPS"), Duration.ofMinutes(1))).body())
                .isEqualTo("ok");
    }

    @Test
    void missingGarbageExpiredForeignAndWrongAudienceTokensGet401Problems() throws Exception {
        assertProblem(get("/me", null), 401, "No bearer token");
        assertProblem(get("/me", "garbage.token.here"), 401, "not valid");
        Instant past = Instant.now().minusSeconds(3600);
        String expired = ISSUER.sign(new JWTClaimsSet.Builder().issuer(ISSUER.issuer()).audience(ISSUER.audience())
                .subject("u-1").issueTime(Date.from(past)).expirationTime(Date.from(past.plusSeconds(60))).build());
        assertProblem(get("/me", expired), 401, "expired");
        String otherKey = LocalIssuer.ephemeral().mint("u-1", "x", null, List.of(), Duration.ofMinutes(1));
        assertProblem(get("/me", otherKey), 401, "not valid");
        String wrongAudience = ISSUER.sign(new JWTClaimsSet.Builder().issuer(ISSUER.issuer()).audience("another-app")
                .subject("u-1").expirationTime(Date.from(Instant.now().plusSeconds(60))).build());
        assertProblem(get("/me", wrongAudience), 401, "not valid");
        String wrongIssuer = ISSUER.sign(new JWTClaimsSet.Builder().issuer("evil").audience(ISSUER.audience())
                .subject("u-1").expirationTime(Date.from(Instant.now().plusSeconds(60))).build());
        assertProblem(get("/me", wrongIssuer), 401, "not valid");
        assertThat(get("/me", null).headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                v -> assertThat(v).startsWith("Bearer"));
    }

    @Test
    void aRoleThatMayNotGets403Problem() throws Exception {
        assertProblem(get("/staff-only", userToken()), 403, "Only platform ops");
    }

    @Test
    void badBodiesGet400ProblemsThatSayWhatIsWrong() throws Exception {
        assertThat(post("/greetings", userToken(), "{\"text\":\"hi\",\"count\":2}").statusCode()).isEqualTo(200);
        assertProblem(post("/greetings", userToken(), "{\"text\":\"hi\",\"count\":2,\"admin\":true}"), 400, "Unknown field 'admin'");
        assertProblem(post("/greetings", userToken(), "{\"text\":\"hi\",\"count\":\"many\"}"), 400, "count");
        assertProblem(post("/greetings", userToken(), "{\"text\":\"hi\""), 400, "not valid JSON");
        var missing = post("/greetings", userToken(), "{\"text\":\"\",\"count\":-1}");
        assertProblem(missing, 400, "\"field\":\"text\"");
        assertThat(missing.body()).contains("\"field\":\"count\"");
        assertProblem(post("/greetings", userToken(), ""), 400, "body");
    }

    @Test
    void oversizedBodiesGet413Problem() throws Exception {
        String big = "{\"text\":\"" + "x".repeat(2000) + "\",\"count\":1}";
        assertProblem(post("/greetings", userToken(), big), 413, "exceeds 1024 bytes");
    }

    @Test
    void unexpectedErrorsAndUnknownPathsAreProblemsWithoutDetails() throws Exception {
        var error = get("/items/7", userToken());
        assertProblem(error, 500, "unexpected error");
        assertThat(error.body()).doesNotContain("secret internal detail");
        assertProblem(get("/items/seven", userToken()), 400, "'id'");
        assertProblem(get("/nowhere", userToken()), 404, "");
        // a database out of reach: try again later, and nothing of where it is
        var unavailable = get("/stored", userToken());
        assertProblem(unavailable, 503, "retry later");
        assertThat(unavailable.headers().firstValue("Retry-After")).hasValue("5");
        assertThat(unavailable.body()).doesNotContain("db-host");
    }

    @Test
    void anAnswerIsSentWithItsLengthNotInChunksUnlessItIsLarge() throws Exception {
        // Spring MVC flushes a ResponseEntity's answer before the server knows its length: without WholeJsonBodies it
        // goes chunked, in two writes to the socket
        var small = get("/texts/100", userToken());
        assertThat(small.statusCode()).isEqualTo(201);
        assertThat(small.headers().firstValue("Location")).hasValue("/texts/100");
        assertThat(small.body()).isEqualTo("{\"text\":\"" + "x".repeat(100) + "\"}");
        assertThat(small.headers().firstValue("Content-Length")).hasValue(String.valueOf(small.body().length()));
        assertThat(small.headers().firstValue("Transfer-Encoding")).isEmpty();
        // a problem given as an ErrorResponse is written the same way
        var problem = get("/staff-only", userToken());
        assertProblem(problem, 403, "Only platform ops");
        assertThat(problem.headers().firstValue("Content-Length")).hasValue(String.valueOf(problem.body().length()));
        // one of more than 64 KiB is streamed, whole
        int length = WholeJsonBodies.WHOLE_UP_TO + 10;
        var large = get("/texts/" + length, userToken());
        assertThat(large.statusCode()).isEqualTo(201);
        assertThat(large.body()).isEqualTo("{\"text\":\"" + "x".repeat(length) + "\"}");
        assertThat(large.headers().firstValue("Content-Length")).isEmpty();
        assertThat(large.headers().firstValue("Transfer-Encoding")).hasValue("chunked");
    }

    @Test
    void healthMetricsAndOpenApiNeedNoToken() throws Exception {
        assertThat(get("/actuator/health/liveness", null).body()).contains("UP");
        assertThat(get("/actuator/health/readiness", null).statusCode()).isEqualTo(200);
        assertThat(get("/actuator/prometheus", null).body()).contains("jvm_memory_used_bytes");
        var api = get("/v3/api-docs", null);
        assertThat(api.statusCode()).isEqualTo(200);
        assertThat(api.body()).contains("\"bearer\"").contains("/greetings");
    }

    @Test
    void requestsAreTimedWithoutALongTaskTimerPerRequest() throws Exception {
        assertThat(get("/me", userToken()).statusCode()).isEqualTo(200);
        String metrics = get("/actuator/prometheus", null).body();
        assertThat(metrics).contains("http_server_requests_seconds_count{").contains("uri=\"/me\"");
        // it would cost every request a sorted-set entry while in flight
        assertThat(metrics).doesNotContain("http_server_requests_active");
    }

    @Test
    void aRequestPublishesNoApplicationEvent() throws Exception {
        int before = requestEvents.handled().size();
        assertThat(get("/me", userToken()).statusCode()).isEqualTo(200);
        // Spring MVC would publish the event just after the answer, so it would be there by the end of one more request
        assertThat(get("/me", userToken()).statusCode()).isEqualTo(200);
        assertThat(requestEvents.handled()).hasSize(before);
    }

    /** The request events the application publishes, as a listener would see them. */
    record RequestEvents(List<ServletRequestHandledEvent> handled) implements ApplicationListener<ServletRequestHandledEvent> {
        @Override
        public void onApplicationEvent(ServletRequestHandledEvent event) {
            handled.add(event);
        }
    }

    @TestConfiguration
    static class RequestEventsConfiguration {
        @Bean
        RequestEvents requestEvents() {
            return new RequestEvents(new CopyOnWriteArrayList<>());
        }
    }
}
