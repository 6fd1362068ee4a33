package org.projectchat.embedded;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** A server that does not come up within the start's deadline fails the start, by name, and is not left running. */
class StartDeadlineTest {

    @Test
    void aServerLateForTheDeadlineFailsTheStartByNameAndIsStoppedOnceItIsUp() {
        Path dir = Path.of("target/start-deadline-test").toAbsolutePath();
        try (EmbeddedStack stack = new EmbeddedStack(dir, EmbeddedStack.Mode.TEST)) {
            assertThatThrownBy(() -> stack.start(EnumSet.of(Server.SMTP), Duration.ZERO))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("[SMTP] did not start within PT0S");

            // it did come up a moment later (its port is known then), and was stopped at once: nothing answers there
            await().atMost(Duration.ofSeconds(30)).until(() -> stack.lastPort(Server.SMTP) != null);
            int port = stack.lastPort(Server.SMTP);
            await().atMost(Duration.ofSeconds(30)).until(() -> !answers(port));
            assertThatThrownBy(stack::smtp).isInstanceOf(IllegalStateException.class).hasMessageContaining("not started");

            // and the stack starts it normally when given the time
            assertThat(stack.start(EnumSet.of(Server.SMTP)).smtp().port()).isEqualTo(port);
            assertThat(answers(port)).isTrue();
        }
    }

    private static boolean answers(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
