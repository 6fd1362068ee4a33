package org.projectchat.embedded;

import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Gives a test class real servers from the one stack this JVM shares. Servers start on first
 * use and stop when the JVM's tests are done. Inject {@link EmbeddedStack} as a parameter.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@ExtendWith(EmbeddedServersExtension.class)
public @interface EmbeddedServers {
    Server[] value();
}
