package org.projectchat.embedded;

import org.elasticsearch.common.logging.LogConfigurator;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.env.Environment;
import org.elasticsearch.http.HttpServerTransport;
import org.elasticsearch.node.ClasspathPluginsNode;
import org.elasticsearch.node.Node;
import org.elasticsearch.node.NodeValidationException;
import org.elasticsearch.plugins.Plugin;
import org.elasticsearch.transport.netty4.Netty4Plugin;
import org.projectchat.embedded.search.ChatAnalysisPlugin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * An Elasticsearch 9 node in this JVM with its HTTP layer (Netty), single-node discovery.
 * Needs Java 21+ and, with Spring Boot's logging, {@code -Dlog4j.provider=org.apache.logging.log4j.core.impl.Log4jProvider}.
 */
public final class EmbeddedElasticsearch implements EmbeddedServer {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedElasticsearch.class);

    private final Node node;
    private final int port;

    private EmbeddedElasticsearch(Node node, int port) {
        this.node = node;
        this.port = port;
    }

    public static EmbeddedElasticsearch start(Path home, int port, Collection<Class<? extends Plugin>> extraPlugins) {
        System.setProperty("log4j.provider", "org.apache.logging.log4j.core.impl.Log4jProvider");
        configureLogging();
        try {
            Path absoluteHome = home.toAbsolutePath();
            Files.createDirectories(absoluteHome.resolve("config"));
            Files.createDirectories(absoluteHome.resolve("data"));
            Files.createDirectories(absoluteHome.resolve("logs"));
            Settings settings = Settings.builder()
                    .put("path.home", absoluteHome.toString())
                    .put("path.data", absoluteHome.resolve("data").toString())
                    .put("path.logs", absoluteHome.resolve("logs").toString())
                    .put("cluster.name", "projectchat-embedded")
                    .put("node.name", "embedded")
                    .put("discovery.type", "single-node")
                    .put("network.host", "127.0.0.1")
                    .put("http.port", port == 0 ? "0" : Integer.toString(port))
                    .put("transport.port", "0")
                    .put("cluster.routing.allocation.disk.threshold_enabled", false)
                    .put("action.auto_create_index", false)
                    .build();
            List<Class<? extends Plugin>> plugins = new ArrayList<>();
            plugins.add(Netty4Plugin.class);
            plugins.add(ChatAnalysisPlugin.class);
            plugins.addAll(extraPlugins);
            Environment environment = new Environment(settings, absoluteHome.resolve("config"));
            Node node = new ClasspathPluginsNode(environment, plugins);
            node.start();
            InetSocketAddress bound = node.injector().getInstance(HttpServerTransport.class)
                    .boundAddress().publishAddress().address();
            var server = new EmbeddedElasticsearch(node, bound.getPort());
            log.info("Elasticsearch listening on {}", server.address());
            return server;
        } catch (IOException | NodeValidationException e) {
            throw new IllegalStateException("Elasticsearch did not start: " + e.getMessage(), e);
        }
    }

    private static boolean loggingConfigured;

    private static synchronized void configureLogging() {
        if (!loggingConfigured) {
            LogConfigurator.configureESLogging();
            loggingConfigured = true;
        }
    }

    public int port() {
        return port;
    }

    public String httpUrl() {
        return "http://127.0.0.1:" + port;
    }

    @Override
    public String name() {
        return "elasticsearch";
    }

    @Override
    public String address() {
        return httpUrl();
    }

    @Override
    public void close() {
        try {
            node.close();
            node.awaitClose(30, TimeUnit.SECONDS);
        } catch (IOException e) {
            log.warn("Elasticsearch did not stop cleanly", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
