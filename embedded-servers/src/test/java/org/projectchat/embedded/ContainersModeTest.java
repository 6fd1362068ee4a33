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
        assumeFalse(engineAnswers(), "a Docker engine answers here: the containers mode runs instead of skipping");
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

    @Test
    void anEngineThatCannotRunTheImagesIsNamedAsSuchWithItsCause() {
        String reason = ServerContainers.engineUnusable(new IllegalStateException("Can't get Docker image: ryuk",
                new RuntimeException("lookup registry-1.docker.io: no such host")));
        assertThat(reason).contains("A Docker engine answers here").doesNotContain("no Docker engine")
                .contains("Can't get Docker image: ryuk; caused by: lookup registry-1.docker.io: no such host")
                .contains("skipped");
    }

    /** Whether an engine answers at all (quick; whether Testcontainers can then run containers on it is another matter). */
    private static boolean engineAnswers() {
        try {
            DockerClientFactory.instance().getTransportConfig();
            return true;
        } catch (RuntimeException e) {
            return false;
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
