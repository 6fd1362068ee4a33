package org.projectchat.contract;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class AsyncApiDocumentTest {

    @SuppressWarnings("unchecked")
    private static Map<String, Object> document() throws Exception {
        try (InputStream in = AsyncApiDocumentTest.class.getResourceAsStream("/asyncapi.yaml")) {
            return new Yaml().load(in);
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void namesEveryTopicAndEveryEventType() throws Exception {
        Map<String, Object> doc = document();
        assertThat(doc.get("asyncapi")).isEqualTo("3.0.0");

        var channels = (Map<String, Map<String, Object>>) doc.get("channels");
        List<String> addresses = channels.values().stream().map(c -> (String) c.get("address")).toList();
        assertThat(addresses).containsExactlyInAnyOrderElementsOf(Topic.all().stream().map(Topic::name).toList());

        var messages = (Map<String, Object>) ((Map<String, Object>) doc.get("components")).get("messages");
        for (EventCatalog.Entry entry : EventCatalog.entries()) {
            assertThat(messages).as("message for " + entry.type()).containsKey(entry.type());
            String channelAddress = entry.topic().name();
            var channel = channels.values().stream().filter(c -> channelAddress.equals(c.get("address"))).findFirst().orElseThrow();
            assertThat((Map<String, Object>) channel.get("messages")).as(entry.type() + " on " + channelAddress)
                    .containsKey(entry.type());
        }
    }

    @Test
    void everySchemaItReferencesExists() throws Exception {
        List<String> refs = new ArrayList<>();
        collectRefs(document(), refs);
        List<String> fileRefs = refs.stream().filter(r -> !r.startsWith("#")).toList();
        assertThat(fileRefs).isNotEmpty();
        for (String ref : fileRefs) {
            assertThat(getClass().getResource("/" + ref)).as(ref).isNotNull();
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyLocalReferenceResolves() throws Exception {
        Map<String, Object> doc = document();
        List<String> refs = new ArrayList<>();
        collectRefs(doc, refs);
        for (String ref : refs.stream().filter(r -> r.startsWith("#/")).toList()) {
            Object node = doc;
            for (String part : ref.substring(2).split("/")) {
                node = ((Map<String, Object>) node).get(part);
                assertThat(node).as(ref).isNotNull();
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static void collectRefs(Object node, List<String> refs) {
        if (node instanceof Map<?, ?> map) {
            map.forEach((k, v) -> {
                if ("$ref".equals(k)) {
                    refs.add((String) v);
                } else {
                    collectRefs(v, refs);
                }
            });
        } else if (node instanceof List<?> list) {
            list.forEach(v -> collectRefs(v, refs));
        }
    }
}
