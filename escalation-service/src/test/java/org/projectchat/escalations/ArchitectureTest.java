package org.projectchat.escalations;

import org.junit.jupiter.api.Test;
import org.projectchat.baseline.architecture.ServiceArchitectureTest;

/**
 * The boundaries of the house (see {@link org.projectchat.baseline.architecture.ArchitectureRules}) on this service;
 * the rules of cases and clocks, and business time ({@code domain.calendar}), are pure.
 */
class ArchitectureTest extends ServiceArchitectureTest {

    ArchitectureTest() {
        super("org.projectchat.escalations");
    }

    @Test
    void theRulesOfCasesClocksAndBusinessTimeArePure() {
        rules.domainIsPure("org.projectchat.escalations.domain");
    }
}
