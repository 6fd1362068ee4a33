package org.projectchat.embedded;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.TestAbortedException;
import org.testcontainers.DockerClientFactory;

import java.nio.file.Path;
import java.util.EnumSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/** -Dstack=containers switches the test stack to official images, and without a Docker engine skips, saying why. */
class ContainersModeTest {

    @Test
    void theTestStackUsesContainersOnlyWhenAskedAndNeverForDevMode(@TempDir Path dir) {
        String before = System.getProperty(ServerContainers.PROPERTY);
        try {
            System.clearProperty(ServerContainers.PROPERTY);
            assertThat(EmbeddedStack.forTests(dir).inContainers()).isFalse();
            System.setProperty(ServerContainers.PROPERTY, "containers");
            assertThat(EmbeddedStack.forTests(dir).inContainers()).isTrue();
            assertThat(new EmbeddedStack(dir, EmbeddedStack.Mode.DEV).inContainers()).isFalse();
            assertThat(new EmbeddedStack(dir, EmbeddedStack.Mode.TEST).inContainers()).isFalse();
        } finally {
            restore(before);
        }
    }

    @Test
    void withoutADockerEngineTheTestsAreSkippedWithTheReason(@TempDir Path dir) {
        boolean docker;
        try {
            docker = DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException e) {
            docker = false;
        }
        assumeFalse(docker, "a Docker engine is present here: the containers mode runs instead of skipping");
        String before = System.getProperty(ServerContainers.PROPERTY);
        try {
            System.setProperty(ServerContainers.PROPERTY, "containers");
            EmbeddedStack stack = EmbeddedStack.forTests(dir);
            assertThatThrownBy(() -> stack.start(EnumSet.of(Server.KAFKA, Server.POSTGRES)))
                    .isInstanceOf(TestAbortedException.class).hasMessageContaining("no Docker engine");
            assertThat(stack.isRunning(Server.KAFKA)).isFalse();
        } finally {
            restore(before);
        }
    }

    private static void restore(String value) {
        if (value == null) {
            System.clearProperty(ServerContainers.PROPERTY);
        } else {
            System.setProperty(ServerContainers.PROPERTY, value);
        }
    }
}
