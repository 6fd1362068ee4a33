package org.projectchat.deploy;

import com.marcnuri.helm.LintResult;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.projectchat.contract.Topic;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The Helm chart, linted and rendered by Helm itself, as a cluster would receive it. */
class ChartTest {

    private static final List<Path> DEFAULTS = List.of();
    private static final List<Path> EVERYTHING = List.of(Chart.EVERYTHING_ON);

    @Test
    void helmLintsTheChartStrictly() {
        LintResult lint = Chart.lint();
        assertThat(lint.isFailed()).as(String.join("\n", lint.getMessages())).isFalse();
    }

    /** The oldest and the newest Kubernetes the chart is for, with the defaults and with every option on. */
    @ParameterizedTest
    @ValueSource(strings = {"1.29.0", "1.33.0"})
    void everyRenderedDocumentIsAKubernetesObjectTheModelKnowsWholly(String kubeVersion) {
        for (List<Path> values : List.of(DEFAULTS, EVERYTHING)) {
            List<HasMetadata> resources = Chart.render(kubeVersion, values, Map.of());
            assertThat(resources).isNotEmpty();
            assertThat(resources).allSatisfy(r -> assertThat(r.getMetadata().getLabels())
                    .containsEntry("app.kubernetes.io/part-of", "project-chat"));
        }
    }

    @Test
    void theModelCheckCatchesATypo() {
        String typo = Chart.template("1.33.0", DEFAULTS, Map.of()).replaceFirst("\n  replicas: ", "\n  replicaz: ");
        // with autoscaling on, the chart leaves replicas to the HPA: check on a rendering that has them
        String withReplicas = Chart.template("1.33.0", DEFAULTS, Map.of("services.chat-service.autoscaling.enabled", false))
                .replaceFirst("\n  replicas: ", "\n  replicaz: ");
        assertThatThrownBy(() -> Chart.read(withReplicas)).hasMessageContaining("replicaz");
        assertThatThrownBy(() -> Chart.read(typo.replace("readinessProbe:", "readynessProbe:")))
                .hasMessageContaining("readynessProbe");
    }

    @Test
    void everyServiceModuleIsDeployedOnItsPort() {
        List<HasMetadata> resources = Chart.render(DEFAULTS);
        Map<String, Deployment> deployments = deployments(resources);
        assertThat(Chart.serviceModules()).isNotEmpty();
        for (String module : Chart.serviceModules()) {
            assertThat(deployments).as("a Deployment of " + module).containsKey(module);
            Container container = deployments.get(module).getSpec().getTemplate().getSpec().getContainers().getFirst();
            assertThat(container.getPorts().getFirst().getContainerPort()).as(module + "'s port")
                    .isEqualTo(Chart.defaultPort(module));
            assertThat(container.getImage()).isEqualTo("projectchat/" + module + ":0.1.0");
        }
        assertThat(deployments.keySet()).containsExactlyInAnyOrderElementsOf(Chart.serviceModules());
    }

    @Test
    void everyDeploymentHasProbesResourcesARestrictedSecurityContextAPdbAServiceAndAnAutoscaler() {
        for (List<Path> values : List.of(DEFAULTS, EVERYTHING)) {
            List<HasMetadata> resources = Chart.render(values);
            for (Deployment deployment : deployments(resources).values()) {
                String name = deployment.getMetadata().getName();
                PodSpec pod = deployment.getSpec().getTemplate().getSpec();
                Map<String, String> podLabels = deployment.getSpec().getTemplate().getMetadata().getLabels();
                assertThat(pod.getSecurityContext().getRunAsNonRoot()).as(name + " non-root").isTrue();
                assertThat(pod.getAutomountServiceAccountToken()).as(name + " no API token").isFalse();
                assertThat(pod.getTopologySpreadConstraints()).as(name + " spread").isNotEmpty();
                for (Container c : pod.getContainers()) {
                    probe(name + " startup", c.getStartupProbe(), "/actuator/health/liveness");
                    probe(name + " liveness", c.getLivenessProbe(), "/actuator/health/liveness");
                    probe(name + " readiness", c.getReadinessProbe(), "/actuator/health/readiness");
                    assertThat(c.getResources().getRequests()).as(name + " requests").containsKeys("cpu", "memory");
                    assertThat(c.getResources().getLimits()).as(name + " limits").containsKey("memory");
                    assertThat(c.getSecurityContext().getReadOnlyRootFilesystem()).as(name + " read-only root").isTrue();
                    assertThat(c.getSecurityContext().getAllowPrivilegeEscalation()).as(name).isFalse();
                    assertThat(c.getSecurityContext().getCapabilities().getDrop()).as(name).contains("ALL");
                    // writable only where needed: every mount is an emptyDir or a read-only secret
                    assertThat(c.getVolumeMounts()).allSatisfy(m -> {
                        var volume = pod.getVolumes().stream().filter(v -> v.getName().equals(m.getName())).findFirst().orElseThrow();
                        assertThat(volume.getEmptyDir() != null || (volume.getSecret() != null && Boolean.TRUE.equals(m.getReadOnly())))
                                .as(name + " mount " + m.getName()).isTrue();
                    });
                }
                assertThat(deployment.getSpec().getTemplate().getMetadata().getAnnotations()).containsKey("checksum/config");
                assertThat(Chart.all(resources, PodDisruptionBudget.class)).as(name + " PDB").anySatisfy(pdb ->
                        assertThat(podLabels).containsAllEntriesOf(pdb.getSpec().getSelector().getMatchLabels()));
                assertThat(Chart.all(resources, Service.class)).as(name + " Service").anySatisfy(s ->
                        assertThat(podLabels).containsAllEntriesOf(s.getSpec().getSelector()));
                assertThat(Chart.all(resources, HorizontalPodAutoscaler.class)).as(name + " HPA").anySatisfy(h ->
                        assertThat(h.getSpec().getScaleTargetRef().getName()).isEqualTo(name));
            }
        }
    }

    @Test
    void fileServiceSpoolsUploadsOnAWritableVolumeItIsToldAbout() {
        List<HasMetadata> resources = Chart.render(DEFAULTS);
        Container files = deployments(resources).get("file-service").getSpec().getTemplate().getSpec().getContainers().getFirst();
        assertThat(files.getVolumeMounts()).anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo("/var/spool/project-files"));
        assertThat(config(resources, "file-service")).containsEntry("FILES_UPLOAD_DIR", "/var/spool/project-files");
    }

    @Test
    void credentialsComeFromSecretsOnly() {
        List<HasMetadata> resources = Chart.render(EVERYTHING);
        for (ConfigMap map : Chart.all(resources, ConfigMap.class)) {
            assertThat(map.getData().keySet()).as(map.getMetadata().getName())
                    .noneMatch(k -> k.matches(".*(PASSWORD|SECRET|ACCESS_KEY|KEY_PAIR|_USER)$"));
        }
        for (Deployment deployment : deployments(resources).values()) {
            for (EnvVar env : deployment.getSpec().getTemplate().getSpec().getContainers().getFirst().getEnv()) {
                if (env.getName().matches(".*(PASSWORD|SECRET|ACCESS_KEY|KEY_PAIR|_USER|USERNAME)$")) {
                    assertThat(env.getValueFrom().getSecretKeyRef()).as(env.getName()).isNotNull();
                    assertThat(env.getValue()).isNull();
                }
            }
        }
        Container chat = deployments(resources).get("chat-service").getSpec().getTemplate().getSpec().getContainers().getFirst();
        assertThat(chat.getEnv()).anySatisfy(e -> {
            assertThat(e.getName()).isEqualTo("SPRING_KAFKA_PROPERTIES_SASL_JAAS_CONFIG");
            assertThat(e.getValue()).contains("ScramLoginModule", "$(KAFKA_SASL_USERNAME)");
        });
        assertThat(config(resources, "chat-service")).containsEntry("SPRING_KAFKA_SECURITY_PROTOCOL", "SASL_SSL")
                .containsEntry("SPRING_KAFKA_SSL_TRUST_STORE_TYPE", "PEM");
    }

    @Test
    void aSettingChangeRollsOnlyThePodsOfTheServicesItConcerns() {
        Map<String, String> before = checksums(Chart.render("1.33.0", DEFAULTS, Map.of()));
        Map<String, String> after = checksums(Chart.render("1.33.0", DEFAULTS, Map.of("elasticsearch.uris", "http://es.example:9200")));
        assertThat(after.get("search-service")).isNotEqualTo(before.get("search-service"));
        before.keySet().stream().filter(s -> !s.equals("search-service"))
                .forEach(s -> assertThat(after.get(s)).as(s).isEqualTo(before.get(s)));
    }

    /** The topics are the contract's: the chart reads the file event-contract's Topic reads. */
    @Test
    void topicResourcesAreTheContractsTopics() {
        List<GenericKubernetesResource> topics = Chart.custom(Chart.render(DEFAULTS), "KafkaTopic");
        assertThat(topics).extracting(t -> t.getMetadata().getName())
                .containsExactlyInAnyOrderElementsOf(Topic.all().stream().map(Topic::name).toList());
        for (Topic topic : Topic.all()) {
            GenericKubernetesResource resource = topics.stream().filter(t -> t.getMetadata().getName().equals(topic.name()))
                    .findFirst().orElseThrow();
            Map<String, Object> spec = resource.get("spec");
            assertThat(spec.get("partitions")).isEqualTo(topic.partitions());
            assertThat(spec.get("replicas")).isEqualTo(3);
            assertThat(strings(spec.get("config"))).isEqualTo(new TreeMap<>(topic.configFor((short) 3)));
        }
        // a smaller cluster: min.insync.replicas cannot exceed its replication
        List<GenericKubernetesResource> small = Chart.custom(
                Chart.render("1.33.0", DEFAULTS, Map.of("kafka.replicationFactor", 1)), "KafkaTopic");
        for (Topic topic : Topic.all()) {
            Map<String, Object> spec = small.stream().filter(t -> t.getMetadata().getName().equals(topic.name()))
                    .findFirst().orElseThrow().get("spec");
            assertThat(strings(spec.get("config"))).isEqualTo(new TreeMap<>(topic.configFor((short) 1)));
        }
    }

    @Test
    void theTopicsJobCreatesEachContractTopicWithItsSettings() {
        // as a hook (the default) Helm keeps the Job out of the release's manifest and runs it before the services
        List<HasMetadata> hooked = Chart.render(EVERYTHING);
        assertThat(Chart.custom(hooked, "KafkaTopic")).isEmpty();
        assertThat(Chart.all(hooked, Job.class)).isEmpty();
        List<HasMetadata> resources = Chart.render("1.33.0", EVERYTHING, Map.of("kafka.topics.jobAsHook", false));
        Job job = Chart.all(resources, Job.class).getFirst();
        assertThat(job.getMetadata().getAnnotations()).containsEntry("argocd.argoproj.io/sync-wave", "-1");
        String script = String.join("\n", job.getSpec().getTemplate().getSpec().getContainers().getFirst().getArgs());
        for (Topic topic : Topic.all()) {
            assertThat(script).contains("--topic " + topic.name() + " --partitions " + topic.partitions());
            topic.config().forEach((k, v) -> assertThat(script).contains("--config " + k + "=" + v));
        }
        assertThat(script).contains("security.protocol=SASL_SSL", "ssl.truststore.type=PEM");
    }

    @Test
    void tracesAreExportedOnlyWhereAnEndpointIsSet() {
        for (ConfigMap config : Chart.all(Chart.render(DEFAULTS), ConfigMap.class)) { // no dashboard by default
            // without an endpoint the services sample nothing (service-baseline's ObservabilityDefaults)
            assertThat(config.getData()).doesNotContainKey("MANAGEMENT_TRACING_SAMPLING_PROBABILITY")
                    .doesNotContainKey("MANAGEMENT_OPENTELEMETRY_TRACING_EXPORT_OTLP_ENDPOINT");
        }
        String endpoint = "http://otel-collector.monitoring:4318/v1/traces";
        List<HasMetadata> traced = Chart.render("1.33.0", EVERYTHING, Map.of("tracing.otlpEndpoint", endpoint));
        List<ConfigMap> configs = Chart.all(traced, ConfigMap.class).stream()
                .filter(c -> c.getData().containsKey("PORT")).toList(); // the services' settings, not the dashboard
        assertThat(configs).hasSize(Chart.serviceModules().size());
        configs.forEach(c -> assertThat(c.getData()).containsEntry("MANAGEMENT_OPENTELEMETRY_TRACING_EXPORT_OTLP_ENDPOINT", endpoint)
                .containsEntry("MANAGEMENT_TRACING_SAMPLING_PROBABILITY", "0.1"));
        Chart.all(traced, NetworkPolicy.class).forEach(p -> assertThat(p.getSpec().getEgress().stream()
                .flatMap(r -> r.getPorts().stream()).map(port -> port.getPort().getIntVal())).contains(4318));
        assertRefused(Map.of("tracing.samplingProbability", 2), "samplingProbability");
    }

    @Test
    void theGatewayRoutesToEveryServiceWhichAdmitsItThroughItsNetworkPolicy() {
        List<HasMetadata> resources = Chart.render(EVERYTHING);
        Map<String, String> gateway = config(resources, "web-gateway");
        Set<String> serviceNames = Chart.all(resources, io.fabric8.kubernetes.api.model.Service.class).stream()
                .map(s -> s.getMetadata().getName()).collect(Collectors.toSet());
        for (String name : List.of("CHAT", "FILES", "SEARCH", "NOTIFICATIONS", "ESCALATIONS")) {
            String url = gateway.get("GATEWAY_SERVICES_" + name);
            assertThat(url).as(name).startsWith("http://");
            assertThat(serviceNames).as("the Service " + name + " is routed to").contains(url.substring("http://".length()));
        }
        // the page signs people in at the platform's identity provider, the issuer every service checks
        assertThat(gateway).containsEntry("OIDC_ISSUER", gateway.get("JWT_ISSUER")).containsEntry("OIDC_CLIENT_ID", "project-chat-web");
        assertThat(config(resources, "chat-service")).doesNotContainKey("OIDC_CLIENT_ID");
        for (NetworkPolicy policy : Chart.all(resources, NetworkPolicy.class)) {
            String service = policy.getSpec().getPodSelector().getMatchLabels().get("app.kubernetes.io/name");
            boolean admitsGateway = policy.getSpec().getIngress().stream().flatMap(r -> r.getFrom().stream())
                    .anyMatch(peer -> peer.getPodSelector() != null
                            && "web-gateway".equals(peer.getPodSelector().getMatchLabels().get("app.kubernetes.io/name")));
            assertThat(admitsGateway).as(service + " admits the gateway").isEqualTo(!service.equals("web-gateway"));
        }
        assertThat(Chart.all(resources, io.fabric8.kubernetes.api.model.networking.v1.Ingress.class).getFirst().getSpec().getRules()
                .getFirst().getHttp().getPaths()).anyMatch(p -> p.getPath().equals("/()(.*)")
                        && p.getBackend().getService().getName().endsWith("web-gateway"));
    }

    @Test
    void networkPoliciesLetEachServiceReachOnlyWhatItUses() {
        List<HasMetadata> resources = Chart.render(EVERYTHING);
        Map<String, Set<Integer>> egress = Chart.all(resources, NetworkPolicy.class).stream().collect(Collectors.toMap(
                p -> p.getSpec().getPodSelector().getMatchLabels().get("app.kubernetes.io/name"),
                p -> p.getSpec().getEgress().stream().flatMap(r -> r.getPorts().stream())
                        .map(port -> port.getPort().getIntVal()).collect(Collectors.toSet())));
        assertThat(egress.keySet()).containsExactlyInAnyOrderElementsOf(Chart.serviceModules());
        assertThat(egress.get("search-service")).contains(53, 9092, 5432, 9200, 443).doesNotContain(587, 9000);
        assertThat(egress.get("chat-service")).contains(9092, 5432).doesNotContain(9200, 587);
        assertThat(egress.get("notification-service")).contains(587, 443).doesNotContain(9200);
    }

    @Test
    void operatorsResourcesAreRenderedWhenAsked() {
        List<HasMetadata> resources = Chart.render(EVERYTHING);
        assertThat(Chart.custom(resources, "ServiceMonitor")).hasSize(Chart.serviceModules().size());
        GenericKubernetesResource rules = Chart.custom(resources, "PrometheusRule").getFirst();
        List<?> groups = rules.get("spec", "groups");
        assertThat(groups).isNotEmpty();
        assertThat(Chart.all(resources, ConfigMap.class)).anySatisfy(c ->
                assertThat(c.getData()).containsKey("project-chat.json"));
        assertThat(Chart.all(resources, io.fabric8.kubernetes.api.model.networking.v1.Ingress.class)).hasSize(1);
    }

    /** A wrong value fails at install time (helm template and install validate values.schema.json alike). */
    @Test
    void wrongValuesAreRefusedWithAClearMessage() {
        assertRefused(Map.of("services.chat-service.replicas", "three"), "replicas");
        assertRefused(Map.of("services.chat-service.replicaz", 3), "replicaz");
        assertRefused(Map.of("kafka.securityProtocol", "TLS"), "securityProtocol");
        assertRefused(Map.of("podSecurityContext.runAsNonRoot", false), "runAsNonRoot");
        assertRefused(Map.of("kafka.securityProtocol", "SASL_SSL"), "sasl");
        assertRefused(Map.of("services.chat-service.resources.requests.memory", "lots"), "memory");
        assertRefused(Map.of("kafka.topics.create", "maybe"), "create");
        assertRefused(Map.of("services.chat-service.uses[0]", "redis"), "uses");
    }

    private static void assertRefused(Map<String, Object> set, String field) {
        assertThatThrownBy(() -> Chart.template("1.33.0", DEFAULTS, set)).as(set.toString())
                .hasMessageContaining("values don't meet the specifications of the schema")
                .hasMessageContaining(field);
    }

    private static void probe(String what, Probe probe, String path) {
        assertThat(probe).as(what).isNotNull();
        assertThat(probe.getHttpGet().getPath()).as(what).isEqualTo(path);
    }

    private static Map<String, Deployment> deployments(List<HasMetadata> resources) {
        return Chart.all(resources, Deployment.class).stream().collect(Collectors.toMap(
                d -> d.getMetadata().getLabels().get("app.kubernetes.io/name"), d -> d));
    }

    private static Map<String, String> config(List<HasMetadata> resources, String service) {
        return Chart.all(resources, ConfigMap.class).stream()
                .filter(c -> service.equals(c.getMetadata().getLabels().get("app.kubernetes.io/name")))
                .findFirst().orElseThrow().getData();
    }

    private static Map<String, String> checksums(List<HasMetadata> resources) {
        return deployments(resources).entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey,
                e -> e.getValue().getSpec().getTemplate().getMetadata().getAnnotations().get("checksum/config")));
    }

    private static Map<String, String> strings(Object map) {
        Map<String, String> strings = new TreeMap<>();
        ((Map<?, ?>) map).forEach((k, v) -> strings.put(String.valueOf(k), String.valueOf(v)));
        return strings;
    }
}
