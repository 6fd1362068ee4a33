package org.projectchat.eventsourcing;

import org.junit.jupiter.api.Test;
import org.projectchat.baseline.architecture.ArchitectureRules;

import java.nio.file.Path;

/** The boundaries of the house (see {@link ArchitectureRules}), on this module's classes. */
class ArchitectureTest {

    static final ArchitectureRules RULES = ArchitectureRules.of("org.projectchat.eventsourcing");

    @Test
    void theKitReachesIntoNoService() {
        RULES.reachesIntoNoOtherService();
    }

    @Test
    void decidersArePure() {
        RULES.domainIsPure("org.projectchat.eventsourcing.decider");
    }
}
