package org.projectchat.embedded;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class PortsTest {

    /**
     * Servers started side by side each ask for a free port; one port given to two of them makes them race for it. The
     * system's own choice repeats a port within about a hundred asks here.
     */
    @Test
    void aFreePortIsNeverHandedOutTwice() {
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < 500; i++) {
            int port = Ports.free();
            assertThat(seen.add(port)).as("port %d handed out again after %d others", port, i).isTrue();
            assertThat(Ports.inUse(port)).isFalse();
        }
    }
}
