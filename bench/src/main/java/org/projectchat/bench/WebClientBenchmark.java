package org.projectchat.bench;

import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.projectchat.dev.DevSystem;
import org.projectchat.embedded.browser.Chromium;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

/**
 * The web client's chat screen in headless Chromium (Debian's chromium and chromium-driver) against the whole system
 * as {@code ./dev.sh} runs it: page weight (bytes over the wire and decoded, number of requests) and time to
 * interactive (navigation start to the first page of 50 messages on screen with the composer ready, the client's
 * {@code chat-ready} mark), with a cold cache (the browser's cache emptied before each load) and a warm one.
 *
 * <pre>  ./bench.sh web [--loads=5]</pre>
 */
public final class WebClientBenchmark {

    record Load(double interactiveMs, long requests, long transferred, long decoded) {
    }

    public static void main(String[] args) throws Exception {
        int loads = 5;
        for (String arg : args) {
            if (arg.startsWith("--loads=")) {
                loads = Integer.parseInt(arg.substring("--loads=".length()));
            }
        }
        Path root = Path.of(".").toAbsolutePath().normalize();
        Path data = root.resolve("bench/target/web-system");
        System.out.printf("web client benchmark — %d cores, Chromium headless, the chat screen of a project with 200 messages%n",
                Runtime.getRuntime().availableProcessors());
        try (DevSystem system = DevSystem.start(new DevSystem.Options(root, data, false, EnumSet.noneOf(org.projectchat.embedded.Server.class),
                Duration.ofHours(1)))) {
            String chat = system.service("chat-service").url();
            HttpClient http = HttpClient.newHttpClient();
            for (int i = 0; i < 200; i++) {
                String body = i % 10 == 0 ? "Update " + i + "\\n```java\\nint x = " + i + ";\\n```" : "Message " + i + " with **some** _markdown_";
                http.send(HttpRequest.newBuilder(URI.create(chat + "/projects/demo-project/messages"))
                        .header("Authorization", "Bearer " + system.tokens().get("client")).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"body\":\"" + body + "\"}")).build(), HttpResponse.BodyHandlers.discarding());
            }
            String gateway = system.service("web-gateway").url();
            ChromeDriver browser = Chromium.start(1280, 900);
            try {
                browser.get(gateway + "/#token=" + system.tokens().get("expert"));
                new WebDriverWait(browser, Duration.ofSeconds(30)).until(d -> !d.findElements(
                        org.openqa.selenium.By.cssSelector("#project-list a")).isEmpty());
                load(browser, gateway, true); // the JIT of the services and the gateway warms on a first pair of loads
                load(browser, gateway, false);
                List<Load> cold = new ArrayList<>();
                List<Load> warm = new ArrayList<>();
                for (int i = 0; i < loads; i++) {
                    cold.add(load(browser, gateway, true));
                    warm.add(load(browser, gateway, false));
                }
                report("cold cache", cold);
                report("warm cache", warm);
            } finally {
                browser.quit();
            }
        }
    }

    /** One load of the chat screen (the tab keeps its sign-in); cold empties the browser's cache first. */
    static Load load(ChromeDriver browser, String gateway, boolean cold) {
        browser.get("about:blank");
        if (cold) {
            browser.executeCdpCommand("Network.enable", Map.of());
            browser.executeCdpCommand("Network.clearBrowserCache", Map.of());
        }
        browser.get(gateway + "/#/projects/demo-project");
        new WebDriverWait(browser, Duration.ofSeconds(60)).until(d -> Boolean.TRUE.equals(browser.executeScript(
                "return performance.getEntriesByName('chat-ready').length > 0")));
        @SuppressWarnings("unchecked")
        Map<String, Object> figures = (Map<String, Object>) browser.executeScript("""
                const nav = performance.getEntriesByType('navigation')[0];
                const resources = performance.getEntriesByType('resource');
                return {
                  interactive: performance.getEntriesByName('chat-ready')[0].startTime,
                  requests: resources.length + 1,
                  transferred: nav.transferSize + resources.reduce((a, r) => a + r.transferSize, 0),
                  decoded: nav.decodedBodySize + resources.reduce((a, r) => a + r.decodedBodySize, 0),
                };""");
        return new Load(((Number) figures.get("interactive")).doubleValue(), ((Number) figures.get("requests")).longValue(),
                ((Number) figures.get("transferred")).longValue(), ((Number) figures.get("decoded")).longValue());
    }

    static void report(String name, List<Load> loads) {
        List<Double> times = loads.stream().map(Load::interactiveMs).sorted().toList();
        Load last = loads.getLast();
        System.out.printf("Chat screen, %s (%d loads): time to interactive median %.0f ms (each: %s); %d requests, %,d bytes over the wire,"
                        + " %,d bytes decoded%n", name, loads.size(), times.get(times.size() / 2),
                loads.stream().map(l -> String.format("%.0f", l.interactiveMs())).toList(), last.requests(), last.transferred(), last.decoded());
    }
}
