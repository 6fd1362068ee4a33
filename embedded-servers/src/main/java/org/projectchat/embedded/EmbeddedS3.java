package org.projectchat.embedded;

import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

/** An S3-compatible server (S3Proxy) storing objects as files, for the MinIO client. */
public final class EmbeddedS3 implements EmbeddedServer {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedS3.class);
    public static final String ACCESS_KEY = "projectchat";
    public static final String SECRET_KEY = "projectchat-secret";

    /** Null when the server runs elsewhere (a container the stack owns). */
    private final S3Proxy proxy;
    private final String host;
    private final int port;

    private EmbeddedS3(S3Proxy proxy, String host, int port) {
        this.proxy = proxy;
        this.host = host;
        this.port = port;
    }

    /** An S3 server that runs elsewhere, e.g. MinIO in a container, with {@link #ACCESS_KEY} and {@link #SECRET_KEY}. */
    static EmbeddedS3 reachedAt(String host, int port) {
        return new EmbeddedS3(null, host, port);
    }

    public static EmbeddedS3 start(Path dataDir, int port) {
        try {
            Path dir = dataDir.toAbsolutePath();
            Files.createDirectories(dir);
            int bound = Ports.orFree(port);
            BlobStore store = new FilesystemNio2BlobStore(dir.toString());
            S3Proxy proxy = S3Proxy.builder()
                    .blobStore(store)
                    .endpoint(URI.create("http://127.0.0.1:" + bound))
                    .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                    .build();
            proxy.start();
            long deadline = System.currentTimeMillis() + 30_000;
            while (!"STARTED".equals(proxy.getState())) {
                if (System.currentTimeMillis() > deadline) {
                    throw new IllegalStateException("S3Proxy not started in 30 s: " + proxy.getState());
                }
                Thread.sleep(20);
            }
            var server = new EmbeddedS3(proxy, "127.0.0.1", bound);
            log.info("S3 listening on {}", server.address());
            return server;
        } catch (Exception e) {
            throw new IllegalStateException("S3 server did not start: " + e.getMessage(), e);
        }
    }

    public String endpoint() {
        return "http://" + host + ":" + port;
    }

    public int port() {
        return port;
    }

    @Override
    public String name() {
        return "s3";
    }

    @Override
    public String address() {
        return endpoint();
    }

    @Override
    public void close() {
        if (proxy == null) {
            return;
        }
        try {
            proxy.stop();
        } catch (Exception e) {
            log.warn("S3 server did not stop cleanly", e);
        }
    }
}
