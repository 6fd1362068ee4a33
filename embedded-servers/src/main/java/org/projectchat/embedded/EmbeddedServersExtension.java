package org.projectchat.embedded;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;

/** Starts the servers a test class asks for on the JVM-wide stack, and stops the stack at the end. */
public class EmbeddedServersExtension implements BeforeAllCallback, ParameterResolver, ExecutionCondition {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(EmbeddedServersExtension.class);

    /** The one stack of this JVM; also reachable from Spring test configuration. */
    public static synchronized EmbeddedStack sharedStack() {
        return Holder.STACK;
    }

    private static final class Holder {
        static final EmbeddedStack STACK = EmbeddedStack.forTests(
                Path.of(System.getProperty("embedded.servers.dir", "target/embedded-servers")));

        static {
            Runtime.getRuntime().addShutdownHook(new Thread(STACK::close, "embedded-servers-stop"));
        }
    }

    /**
     * With {@code -Dstack=containers} and no Docker engine that Testcontainers can use, a test class that needs Kafka,
     * PostgreSQL or S3 is skipped, and the report says why.
     */
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        boolean needsContainers = context.getTestClass()
                .flatMap(c -> AnnotationSupport.findAnnotation(c, EmbeddedServers.class))
                .map(a -> List.of(a.value()).stream().anyMatch(ServerContainers.CONTAINERIZED::contains)).orElse(false);
        if (needsContainers && sharedStack().inContainers() && !ServerContainers.dockerAvailable()) {
            return ConditionEvaluationResult.disabled(ServerContainers.unavailable());
        }
        return ConditionEvaluationResult.enabled("servers available");
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        EnumSet<Server> wanted = EnumSet.noneOf(Server.class);
        AnnotationSupport.findAnnotation(context.getRequiredTestClass(), EmbeddedServers.class)
                .ifPresent(a -> wanted.addAll(List.of(a.value())));
        EmbeddedStack stack = sharedStack();
        stack.start(wanted);
        // Closed once, when the root context (the whole test run of this JVM) ends.
        context.getRoot().getStore(NAMESPACE).computeIfAbsent("stack", k -> (AutoCloseable) stack::close);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext extension) {
        return parameter.getParameter().getType() == EmbeddedStack.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext extension) {
        return sharedStack();
    }
}
