package org.projectchat.deploy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The chart as Helm (embedded through helm-java) renders it, read into fabric8's typed Kubernetes model. A field the
 * model does not know (a typo such as {@code replicaz}, a field of the wrong object) fails the read: fabric8 keeps such
 * fields aside as "additional properties" rather than refusing them, so every object read is walked for them.
 */
final class Chart {

    static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    static final Path CHART = ROOT.resolve("deploy/helm/project-chat");
    static final Path EVERYTHING_ON = Path.of("src/test/resources/everything-on.yaml").toAbsolutePath();
    static final String RELEASE = "chat";

    /** The kinds the chart renders, each with its model class; the operators' custom resources stay generic. */
    private static final Map<String, Class<? extends HasMetadata>> KINDS = Map.of(
            "apps/v1/Deployment", Deployment.class,
            "v1/Service", Service.class,
            "v1/ConfigMap", ConfigMap.class,
            "policy/v1/PodDisruptionBudget", PodDisruptionBudget.class,
            "autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class,
            "networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class,
            "networking.k8s.io/v1/Ingress", Ingress.class,
            "batch/v1/Job", Job.class);
    private static final Set<String> CUSTOM = Set.of(
            "kafka.strimzi.io/v1beta2/KafkaTopic", "monitoring.coreos.com/v1/ServiceMonitor",
            "monitoring.coreos.com/v1/PrometheusRule");

    private static final ObjectMapper YAML = new YAMLMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private Chart() {
    }

    static LintResult lint() {
        return new Helm(CHART).lint().strict().call();
    }

    /** The chart rendered with these values files (in order) and {@code --set} values. */
    static String template(String kubeVersion, List<Path> valuesFiles, Map<String, Object> set) {
        var command = new Helm(CHART).template().withName(RELEASE).withNamespace("project-chat").withKubeVersion(kubeVersion);
        valuesFiles.forEach(command::withValuesFile);
        set.forEach(command::set);
        return command.call();
    }

    static List<HasMetadata> render(String kubeVersion, List<Path> valuesFiles, Map<String, Object> set) {
        return read(template(kubeVersion, valuesFiles, set));
    }

    static List<HasMetadata> render(List<Path> valuesFiles) {
        return render("1.33.0", valuesFiles, Map.of());
    }

    /** Every document of a rendering, typed; fails on a kind the chart should not render or a field the model lacks. */
    static List<HasMetadata> read(String manifests) {
        List<HasMetadata> resources = new ArrayList<>();
        try (var parser = new YAMLFactory().createParser(manifests)) {
            for (JsonNode document : YAML.readValues(parser, JsonNode.class).readAll()) {
                if (document == null || document.isNull() || document.isEmpty()) {
                    continue;
                }
                String kind = document.path("apiVersion").asText() + "/" + document.path("kind").asText();
                Class<? extends HasMetadata> type = KINDS.get(kind);
                if (type != null) {
                    HasMetadata resource = YAML.treeToValue(document, type);
                    List<String> unknown = new ArrayList<>();
                    unknownFields(resource, kind + " " + resource.getMetadata().getName(), unknown, new IdentityHashMap<>());
                    if (!unknown.isEmpty()) {
                        throw new AssertionError("fields the Kubernetes model does not know: " + unknown);
                    }
                    resources.add(resource);
                } else if (CUSTOM.contains(kind)) {
                    resources.add(YAML.treeToValue(document, GenericKubernetesResource.class));
                } else {
                    throw new AssertionError("the chart renders a kind it should not: " + kind + "\n" + document);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return resources;
    }

    private static void unknownFields(Object value, String path, List<String> unknown, Map<Object, Boolean> seen) {
        if (value == null || seen.put(value, true) != null) {
            return;
        }
        if (value instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                unknownFields(item, path + "[" + i++ + "]", unknown, seen);
            }
            return;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> unknownFields(v, path + "." + k, unknown, seen));
            return;
        }
        if (!value.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
            return;
        }
        for (Method getter : value.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || getter.getDeclaringClass() == Object.class) {
                continue;
            }
            try {
                if (getter.getName().equals("getAdditionalProperties")) {
                    Map<?, ?> extra = (Map<?, ?>) getter.invoke(value);
                    if (extra != null && !extra.isEmpty()) {
                        unknown.add(path + ": " + extra.keySet());
                    }
                } else if (getter.getName().startsWith("get") && !getter.getReturnType().isPrimitive()
                        && !getter.getReturnType().getName().startsWith("java.lang")) {
                    String field = Character.toLowerCase(getter.getName().charAt(3)) + getter.getName().substring(4);
                    unknownFields(getter.invoke(value), path + "." + field, unknown, seen);
                }
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    static <T extends HasMetadata> List<T> all(List<HasMetadata> resources, Class<T> type) {
        return resources.stream().filter(type::isInstance).map(type::cast).toList();
    }

    static List<GenericKubernetesResource> custom(List<HasMetadata> resources, String kind) {
        return all(resources, GenericKubernetesResource.class).stream().filter(r -> r.getKind().equals(kind)).toList();
    }

    /** The service modules of the root POM and the gateway (the ones a deployment must run). */
    static List<String> serviceModules() {
        try {
            return Files.readAllLines(ROOT.resolve("pom.xml")).stream().map(String::trim)
                    .filter(l -> l.matches("<module>([a-z-]+-service|web-gateway)</module>"))
                    .map(l -> l.replaceAll("</?module>", "")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The port a service listens on by default, from its application.yml ({@code port: ${PORT:8081}}). */
    static int defaultPort(String module) {
        try {
            String yaml = Files.readString(ROOT.resolve(module + "/src/main/resources/application.yml"));
            var matcher = java.util.regex.Pattern.compile("\\n  port: \\$\\{PORT:(\\d+)}").matcher(yaml);
            if (!matcher.find()) {
                throw new AssertionError(module + "'s application.yml sets no server port");
            }
            return Integer.parseInt(matcher.group(1));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ObjectNode values() {
        try {
            return (ObjectNode) YAML.readTree(CHART.resolve("values.yaml").toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
