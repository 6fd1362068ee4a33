package org.projectchat.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Port helpers: a fixed port for dev mode, any free loopback port for tests. */
public final class Ports {

    /** Every port {@link #free()} has handed out in this JVM. */
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    private Ports() {
    }

    /** The given port, or a free one when {@code port} is 0. */
    public static int orFree(int port) {
        return port != 0 ? port : free();
    }

    /**
     * A loopback port nothing listens on, never one this JVM was given before: the system may hand the same
     * ephemeral port to two calls once the first socket is closed, and servers started side by side then raced for it
     * (a fresh-clone CI run hung when PostgreSQL's readiness check connected to the Kafka controller holding its port).
     */
    public static int free() {
        for (int attempt = 0; attempt < 1000; attempt++) {
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                int port = socket.getLocalPort();
                if (HANDED_OUT.add(port)) {
                    return port;
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        throw new IllegalStateException("no port found that was not handed out before");
    }

    public static boolean inUse(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }
}
