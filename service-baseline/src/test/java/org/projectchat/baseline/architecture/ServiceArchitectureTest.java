package org.projectchat.baseline.architecture;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

/**
 * The boundaries every service keeps (see {@link ArchitectureRules}). A service's {@code ArchitectureTest} extends this
 * with its root package, and adds the purity of its domain package if it has one.
 */
public abstract class ServiceArchitectureTest {

    protected final ArchitectureRules rules;

    protected ServiceArchitectureTest(String serviceRootPackage) {
        this.rules = ArchitectureRules.of(serviceRootPackage);
    }

    @Test
    void itReachesIntoNoOtherService() {
        rules.reachesIntoNoOtherService();
    }

    @Test
    void listenersNameTheirTopicsThroughTheContract() {
        rules.listenersNameTopicsThroughTheContract(Path.of("src/main/java"));
    }
}
