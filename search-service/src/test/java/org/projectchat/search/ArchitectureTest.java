package org.projectchat.search;

import org.projectchat.baseline.architecture.ServiceArchitectureTest;

/** The boundaries of the house (see {@link org.projectchat.baseline.architecture.ArchitectureRules}) on this service. */
class ArchitectureTest extends ServiceArchitectureTest {

    ArchitectureTest() {
        super("org.projectchat.search");
    }
}
