package org.projectchat.embedded;

/** A real server started in (or beside) this JVM. */
public interface EmbeddedServer extends AutoCloseable {

    /** Short name for logs and status lines, e.g. {@code kafka}. */
    String name();

    /** Where clients connect, e.g. {@code localhost:9092} or a JDBC URL. */
    String address();

    @Override
    void close();
}
