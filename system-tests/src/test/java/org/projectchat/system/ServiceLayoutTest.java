package org.projectchat.system;

import org.junit.jupiter.api.Test;
import org.projectchat.dev.ServiceProcess;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.jar.JarFile;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every service of the running system runs its application jar with its libraries beside it, on the JDK's class
 * loader, as the images do: not Spring Boot's fat jar, whose class loader can leave a service on virtual threads hung
 * for good while it still loads classes (spring-projects/spring-boot#51463: the web-gateway of a CI run, stop 57).
 */
class ServiceLayoutTest {

    @Test
    void everyServiceRunsFromTheExtractedLayout() throws Exception {
        List<ServiceProcess> services = new ArrayList<>(RunningSystem.get().services());
        services.add(RunningSystem.get().identity());
        for (ServiceProcess service : services) {
            List<String> arguments = Arrays.asList(ProcessHandle.of(service.pid()).orElseThrow().info().arguments()
                    .orElseThrow());
            String jarPath = arguments.get(arguments.indexOf("-jar") + 1);
            try (JarFile jar = new JarFile(jarPath)) {
                assertThat(jar.getEntry("BOOT-INF/")).as(service.name() + " runs " + jarPath + ", a fat jar").isNull();
                assertThat(jar.getManifest().getMainAttributes().getValue("Class-Path")).as(service.name() + "'s libraries")
                        .contains("lib/spring-boot-");
            }
        }
    }
}
