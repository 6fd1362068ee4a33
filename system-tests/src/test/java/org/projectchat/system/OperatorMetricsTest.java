package org.projectchat.system;

import org.junit.jupiter.api.Test;
import org.projectchat.dev.ServiceProcess;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every metric the chart's alert rules and Grafana dashboard use is exported by a running service: a renamed metric
 * would otherwise leave an alert that can never fire and a dashboard panel that stays empty.
 */
class OperatorMetricsTest {

    private static final Path FILES = Path.of("..", "deploy", "helm", "project-chat", "files");

    /** PromQL's functions, aggregations and keywords: what is left of an expression without them are metric names. */
    private static final Set<String> PROMQL = Set.of("sum", "max", "min", "avg", "count", "rate", "irate", "increase",
            "histogram_quantile", "by", "without", "on", "ignoring", "and", "or", "unless", "bool", "offset", "abs",
            "absent", "label_values", "topk", "bottomk", "delta", "deriv", "clamp_min", "clamp_max", "vector", "scalar");

    @Test
    void everyMetricOfTheAlertsAndTheDashboardIsExported() throws Exception {
        Set<String> used = new TreeSet<>();
        used.addAll(metrics(Files.readString(FILES.resolve("alerts.yaml")), Pattern.compile("expr: \\|\\n((?: {10}.*\\n)+)")));
        used.addAll(metrics(Files.readString(FILES.resolve("grafana-dashboard.json")),
                Pattern.compile("\"expr\": \"((?:[^\"\\\\]|\\\\.)*)\"")));
        assertThat(used).as("metrics found in the alerts and dashboard").contains("outbox_oldest_age_seconds",
                "http_server_requests_seconds_bucket", "kafka_consumer_fetch_manager_records_lag_max");

        // some traffic on every service, so its request metrics exist
        Map<String, String> someRequest = Map.of("chat-service", "/projects", "file-service", "/actuator/info",
                "search-service", "/actuator/info", "notification-service", "/notifications",
                "escalation-service", "/cases");
        await().atMost(java.time.Duration.ofMinutes(2)).untilAsserted(() -> {
            Map<String, Set<String>> exported = new HashMap<>();
            for (ServiceProcess service : RunningSystem.get().services()) {
                RunningSystem.get(service.url() + someRequest.getOrDefault(service.name(), "/actuator/info"), "ops");
                exported.put(service.name(), exported(service.url()));
            }
            Set<String> all = new HashSet<>();
            exported.values().forEach(all::addAll);
            assertThat(all).as("exported by the running services").containsAll(used);
            for (var e : exported.entrySet()) {
                assertThat(e.getValue()).as(e.getKey()).contains("http_server_requests_seconds_bucket");
                if (!e.getKey().equals("web-gateway")) { // the gateway reads no topic
                    assertThat(e.getValue()).as(e.getKey()).contains("projection_delay_seconds_bucket",
                            "kafka_consumer_fetch_manager_records_lag_max");
                }
            }
            for (String store : new String[]{"chat-service", "file-service", "escalation-service"}) {
                assertThat(exported.get(store)).as(store).contains("outbox_backlog", "outbox_oldest_age_seconds");
            }
        });
    }

    /** The names of the metric families a service exports now. */
    private static Set<String> exported(String url) {
        String body = RunningSystem.send(HttpRequest.newBuilder(URI.create(url + "/actuator/prometheus")).build()).body();
        Set<String> names = new HashSet<>();
        for (String line : body.split("\n")) {
            if (!line.isEmpty() && !line.startsWith("#")) {
                names.add(line.split("[{ ]", 2)[0]);
            }
        }
        return names;
    }

    private static Set<String> metrics(String text, Pattern expressions) throws IOException {
        Set<String> names = new TreeSet<>();
        Matcher m = expressions.matcher(text);
        while (m.find()) {
            String expr = m.group(1).replace("\\\"", "\"")
                    .replaceAll("\\{[^}]*}", "")                         // label matchers
                    .replaceAll("\\b(by|without|on|ignoring)\\s*\\([^)]*\\)", "") // grouping labels
                    .replaceAll("\\[[^]]*]", "")                          // ranges
                    .replaceAll("\"[^\"]*\"", "");                        // strings
            Matcher id = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*").matcher(expr);
            while (id.find()) {
                String name = id.group();
                if (!PROMQL.contains(name) && !name.matches("\\d.*") && !name.matches("[0-9.]+")) {
                    names.add(name);
                }
            }
        }
        return names;
    }
}
