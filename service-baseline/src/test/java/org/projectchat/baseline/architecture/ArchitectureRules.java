package org.projectchat.baseline.architecture;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.projectchat.contract.Topic;
import org.springframework.kafka.annotation.KafkaListener;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The boundaries every service keeps, checked on its own classes: it never reaches into another service's code, its
 * domain package is pure (no Spring, no JDBC, no I/O), and its Kafka listeners name their topics through the
 * contract's {@link Topic}. Each service's {@code ArchitectureTest} runs them.
 */
public final class ArchitectureRules {

    /** The root packages of the services; a new service adds its own here. */
    public static final Set<String> SERVICES = Set.of("org.projectchat.chat", "org.projectchat.files",
            "org.projectchat.search", "org.projectchat.notifications", "org.projectchat.escalations");

    private final String root;
    private final JavaClasses classes;

    private ArchitectureRules(String root) {
        this.root = root;
        this.classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages(root);
    }

    public static ArchitectureRules of(String serviceRootPackage) {
        return new ArchitectureRules(serviceRootPackage);
    }

    /** No class of the service depends on a class of another service. */
    public void reachesIntoNoOtherService() {
        String[] others = SERVICES.stream().filter(s -> !s.equals(root)).map(s -> s + "..").toArray(String[]::new);
        noClasses().should().dependOnClassesThat().resideInAnyPackage(others)
                .because("services share only the contract, the baseline and the kit, never each other's code")
                .check(classes);
    }

    /** The domain package depends on the JDK, the contract and the kit's deciders only. */
    public void domainIsPure(String domainPackage) {
        assertThat(classes.stream().anyMatch(c -> c.getPackageName().startsWith(domainPackage)))
                .as("classes in " + domainPackage).isTrue();
        classes().that().resideInAPackage(domainPackage + "..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java.lang..", "java.util..", "java.time..",
                        "org.projectchat.contract..", "org.projectchat.eventsourcing.decider..", domainPackage + "..")
                .because("a decider is pure functions over records: no Spring, no JDBC, no I/O, tested without a server")
                .check(classes);
    }

    /**
     * Every {@code @KafkaListener} listens to topics of the contract, written as {@code Topic.Names.*} constants in
     * its source (the class file cannot tell a constant from a literal, so the source under {@code sourceRoot} is read).
     */
    public void listenersNameTopicsThroughTheContract(Path sourceRoot) {
        Set<String> known = Topic.all().stream().map(Topic::name).collect(Collectors.toSet());
        int listeners = 0;
        for (JavaClass c : classes) {
            for (JavaMethod m : c.getMethods()) {
                if (m.isAnnotatedWith(KafkaListener.class)) {
                    listeners++;
                    KafkaListener listener = m.getAnnotationOfType(KafkaListener.class);
                    assertThat(listener.topics()).as(c.getSimpleName() + "." + m.getName() + " topics").isNotEmpty();
                    assertThat(known).as("topics of the contract").containsAll(List.of(listener.topics()));
                }
            }
        }
        List<String> literal = new ArrayList<>();
        Pattern annotation = Pattern.compile("@KafkaListener\\((.*?)\\)\\s*\\n", Pattern.DOTALL);
        Pattern topics = Pattern.compile("topics\\s*=\\s*(\\{[^}]*}|[^,)]+)");
        try (Stream<Path> sources = Files.walk(sourceRoot)) {
            for (Path source : sources.filter(p -> p.toString().endsWith(".java")).toList()) {
                Matcher a = annotation.matcher(Files.readString(source));
                while (a.find()) {
                    Matcher t = topics.matcher(a.group(1));
                    if (!t.find() || t.group(1).contains("\"")) {
                        literal.add(source.getFileName() + ": @KafkaListener(" + a.group(1).strip() + ")");
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertThat(listeners).as("listeners found").isPositive();
        assertThat(literal).as("listeners naming a topic by string instead of Topic.Names").isEmpty();
    }
}
