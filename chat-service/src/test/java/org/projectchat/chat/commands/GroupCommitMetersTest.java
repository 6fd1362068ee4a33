package org.projectchat.chat.commands;

import org.junit.jupiter.api.Test;
import org.projectchat.chat.ChatClient;
import org.projectchat.chat.ChatServiceTest;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.projectchat.chat.ChatClient.EXPERT;
import static org.projectchat.chat.ChatClient.STAFF;

/** Operators see the group commit at work: its commits, the commands they carried, and the commands waiting. */
class GroupCommitMetersTest extends ChatServiceTest {

    @Test
    void commitsAndTheCommandsTheyCarriedAreCounted() {
        ChatClient chat = client();
        String project = chat.openProject();
        String before = chat.get(STAFF, "/actuator/prometheus").body();
        for (int i = 0; i < 3; i++) {
            assertThat(chat.post(EXPERT, "/projects/" + project + "/messages", Map.of("body", "counted " + i)).status())
                    .isEqualTo(201);
        }
        String after = chat.get(STAFF, "/actuator/prometheus").body();

        // other tests' commands may share the service meanwhile, so at least these three posts, in at most three commits
        double appended = sample(after, "commands_appended_total") - sample(before, "commands_appended_total");
        double transactions = sample(after, "commands_transactions_total") - sample(before, "commands_transactions_total");
        assertThat(appended).isGreaterThanOrEqualTo(3);
        assertThat(transactions).isGreaterThanOrEqualTo(1).isLessThanOrEqualTo(appended);
        assertThat(after).containsPattern("commands_waiting\\{.*runner=\"chat\"");
    }

    /** The chat runner's sample of a meter. */
    static double sample(String metrics, String name) {
        return metrics.lines().filter(line -> line.startsWith(name + "{") && line.contains("runner=\"chat\"")).findFirst()
                .map(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .orElseThrow(() -> new AssertionError(name + " is not exposed"));
    }
}
