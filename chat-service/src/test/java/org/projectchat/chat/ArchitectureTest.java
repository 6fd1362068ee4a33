package org.projectchat.chat;

import org.junit.jupiter.api.Test;
import org.projectchat.baseline.architecture.ServiceArchitectureTest;

/** The boundaries of the house (see {@link org.projectchat.baseline.architecture.ArchitectureRules}) on this service. */
class ArchitectureTest extends ServiceArchitectureTest {

    ArchitectureTest() {
        super("org.projectchat.chat");
    }

    @Test
    void theDomainImportsNoSpringNoJdbc() {
        rules.domainIsPure("org.projectchat.chat.domain");
    }
}
