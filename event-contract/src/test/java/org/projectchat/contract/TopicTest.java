package org.projectchat.contract;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The topics come from the file the Helm chart reads too (deploy/helm/project-chat/files/topics.json). */
class TopicTest {

    @Test
    void theFileDefinesExactlyTheContractsTopics() {
        assertThat(Topic.definedNames()).containsExactlyInAnyOrderElementsOf(Topic.all().stream().map(Topic::name).toList());
    }

    @Test
    void everyTopicIsKeptForeverAndReplicatedSafely() {
        for (Topic topic : Topic.all()) {
            assertThat(topic.partitions()).isEqualTo(12);
            assertThat(topic.config()).containsExactlyInAnyOrderEntriesOf(Map.of(
                    "retention.ms", "-1", "retention.bytes", "-1", "cleanup.policy", "delete",
                    "min.insync.replicas", "2", "unclean.leader.election.enable", "false"));
            assertThat(topic.configFor((short) 1)).containsEntry("min.insync.replicas", "1");
        }
    }
}
