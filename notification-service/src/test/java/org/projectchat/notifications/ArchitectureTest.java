package org.projectchat.notifications;

import org.junit.jupiter.api.Test;
import org.projectchat.baseline.architecture.ServiceArchitectureTest;

/**
 * The boundaries of the house (see {@link org.projectchat.baseline.architecture.ArchitectureRules}) on this service;
 * who is notified, and when someone is reachable, are pure.
 */
class ArchitectureTest extends ServiceArchitectureTest {

    ArchitectureTest() {
        super("org.projectchat.notifications");
    }

    @Test
    void whoIsNotifiedIsAPureFunction() {
        rules.domainIsPure("org.projectchat.notifications.recipients");
    }

    @Test
    void availabilityIsPureTimeArithmetic() {
        rules.domainIsPure("org.projectchat.notifications.availability");
    }
}
