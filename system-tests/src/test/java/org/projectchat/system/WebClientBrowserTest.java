package org.projectchat.system;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.projectchat.embedded.browser.Chromium;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.logging.Level;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The web client in a real headless Chromium (Debian's chromium and chromium-driver), through web-gateway, against the
 * running system: sign-in by a dev link, the project list, history with names and roles, Enter and Shift+Enter,
 * messages arriving live over the gateway's event stream, Markdown rendered safely, internal notes marked for ops and
 * absent for an expert, '@' autocomplete, and the bell's in-app notifications.
 */
class WebClientBrowserTest {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static Browser expert;
    static Browser client;

    @BeforeAll
    static void openBrowsers() {
        RunningSystem.get();
        expert = new Browser("expert");
        client = new Browser("client");
    }

    @AfterAll
    static void closeBrowsers() {
        for (Browser b : new Browser[]{expert, client}) {
            if (b != null) {
                b.close();
            }
        }
    }

    static String gateway() {
        return RunningSystem.url("web-gateway");
    }

    static JsonNode history(String user) throws Exception {
        return JSON.readTree(RunningSystem.get(RunningSystem.url("chat-service") + "/projects/demo-project/messages?limit=100", user).body());
    }

    /**
     * How many times the message store holds a body, once it holds it at all: the browser shows a message as soon as
     * the POST is answered, and the store (a projection of the events) follows a few milliseconds later.
     */
    static long stored(String user, String body) {
        return await("the message store has " + body).atMost(Duration.ofSeconds(20)).until(() -> count(user, body), n -> n > 0);
    }

    private static long count(String user, String body) throws Exception {
        long n = 0;
        for (JsonNode m : history(user).get("items")) {
            if (m.get("body").asString().equals(body)) {
                n++;
            }
        }
        return n;
    }

    /** Messages in the demo project the user has not read, as chat-service counts them. */
    static long unread(String user) throws Exception {
        return JSON.readTree(RunningSystem.get(RunningSystem.url("chat-service") + "/projects/demo-project/unread", user).body())
                .get("unread").asLong();
    }

    /** How many times chat-service has answered for one message (a chat fetches a message again when it is edited). */
    static double singleMessageReads() {
        String metrics = RunningSystem.send(HttpRequest.newBuilder(URI.create(RunningSystem.url("chat-service") + "/actuator/prometheus"))
                .build()).body();
        return metrics.lines().filter(l -> l.startsWith("http_server_requests_seconds_count{") && l.contains("method=\"GET\"")
                        && l.contains("uri=\"/projects/{projectId}/messages/{messageId}\""))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    /** One headless Chromium (Debian's chromium and chromium-driver) with a user signed in to the web client. */
    static final class Browser implements AutoCloseable {
        final String name;
        final ChromeDriver driver;

        Browser(String name) {
            this.name = name;
            this.driver = Chromium.start(1280, 900);
        }

        WebDriverWait waitUpTo(int seconds) {
            WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(seconds));
            wait.ignoring(StaleElementReferenceException.class);
            wait.withMessage(() -> name + "'s page: " + driver.findElement(By.tagName("body")).getText());
            return wait;
        }

        /** Leaves the chat for the settings page (whose project list leads back to the chat). */
        void openSettings() {
            driver.findElement(By.id("settings-link")).click();
            waitUpTo(20).until(d -> d.findElement(By.id("settings")).isDisplayed());
        }

        /** Signs in as a demo user by the link ./dev.sh prints, and opens the demo project's chat. */
        void signInAndOpen(String user) {
            signIn(user).click();
            awaitChat();
            assertThat(driver.findElement(By.id("title")).getText()).isEqualTo("Demo: data pipeline rebuild");
        }

        /** Signs in by the link ./dev.sh prints; the demo project's entry in the list, once it is there. */
        WebElement signIn(String user) {
            driver.get("about:blank");
            driver.get(gateway() + "/#token=" + RunningSystem.token(user));
            WebElement project = awaitDemoProject();
            assertThat(driver.getCurrentUrl()).as("the token leaves the address bar").doesNotContain("token=");
            assertThat(project.getText()).as("projects are listed by title").startsWith("Demo: data pipeline rebuild");
            return project;
        }

        WebElement awaitDemoProject() {
            return waitUpTo(30).until(d -> d.findElements(By.cssSelector("#project-list a[data-project-id='demo-project']"))
                    .stream().findFirst().orElse(null));
        }

        /** The chat shows its history and follows the live stream. */
        void awaitChat() {
            waitUpTo(20).until(d -> !messages().isEmpty() && d.findElement(By.id("live")).getText().equals("Live"));
        }

        List<WebElement> messages() {
            return driver.findElements(By.cssSelector("#messages li.message"));
        }

        String historyText() {
            return driver.findElement(By.id("messages")).getText();
        }

        WebElement message(String containing) {
            return waitUpTo(30).until(d -> messages().stream().filter(m -> m.getText().contains(containing)).findFirst().orElse(null));
        }

        WebElement box() {
            return driver.findElement(By.id("composer-body"));
        }

        /** Drops a file on the chat as a file dragged from the desktop would be (a DataTransfer with the file). */
        void drop(Path file) {
            WebElement input = (WebElement) driver.executeScript("""
                    const input = document.createElement('input');
                    input.type = 'file';
                    input.id = 'test-drop-source';
                    input.style.display = 'none';
                    document.body.append(input);
                    return input;""");
            input.sendKeys(file.toAbsolutePath().toString());
            driver.executeScript("""
                    const input = document.getElementById('test-drop-source');
                    const data = new DataTransfer();
                    data.items.add(input.files[0]);
                    const target = document.getElementById('chat-view');
                    target.dispatchEvent(new DragEvent('dragover', { dataTransfer: data, bubbles: true, cancelable: true }));
                    target.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
                    input.remove();""");
        }

        void screenshot(String file) throws Exception {
            Path shots = Path.of("target/screenshots");
            Files.createDirectories(shots);
            Files.write(shots.resolve(file), driver.getScreenshotAs(OutputType.BYTES));
        }

        List<String> consoleErrors() {
            List<String> errors = new ArrayList<>();
            driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                    .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).forEach(e -> errors.add(e.getMessage()));
            return errors;
        }

        @Override
        public void close() {
            driver.quit();
        }
    }

    @Test
    void anExpertAndAClientChatLive() throws Exception {
        expert.signInAndOpen("expert");
        client.signInAndOpen("client");

        // names and roles, a highlighted code block; no internal note for the expert, who may write only to everyone
        WebElement welcome = expert.message("Welcome aboard");
        assertThat(welcome.getText()).contains("Clara Client", "Client");
        assertThat(expert.message("Daily update").findElements(By.cssSelector("pre code.hljs"))).as("a highlighted code block").isNotEmpty();
        assertThat(expert.historyText()).doesNotContain("watch the timeline");
        assertThat(new Select(expert.driver.findElement(By.id("composer-visibility"))).getOptions()).extracting(WebElement::getText)
                .containsExactly("Everyone");

        // Shift+Enter breaks the line, Enter sends: the client sees it live, and it is stored once
        String line = "Browser hello " + UUID.randomUUID();
        expert.box().sendKeys(line, Keys.chord(Keys.SHIFT, Keys.ENTER), "second line");
        assertThat(expert.messages().stream().noneMatch(m -> m.getText().contains(line))).as("Shift+Enter does not send").isTrue();
        expert.box().sendKeys(Keys.ENTER);
        expert.waitUpTo(20).until(d -> expert.messages().stream().anyMatch(m -> m.getText().contains(line)
                && m.getAttribute("data-message-id") != null && !m.getAttribute("class").contains("pending")));
        assertThat(client.message(line).getText()).contains("Erik Expert", "second line");
        assertThat(stored("expert", line + "\nsecond line")).as("sent once, with its line break").isEqualTo(1);

        // the author edits it in place, its line break kept; everyone sees the new text, the author its history
        WebElement sent = expert.message(line);
        sent.findElement(By.xpath(".//button[text()='Edit']")).click();
        WebElement editor = expert.waitUpTo(5).until(d -> sent.findElements(By.cssSelector("form.edit textarea")).stream()
                .findFirst().orElse(null));
        assertThat(editor.getAttribute("value")).isEqualTo(line + "\nsecond line");
        editor.sendKeys(Keys.chord(Keys.CONTROL, "a"), line + " (corrected)", Keys.chord(Keys.SHIFT, Keys.ENTER), "second line",
                Keys.ENTER);
        assertThat(client.message(line + " (corrected)").getText()).contains("second line");
        assertThat(stored("expert", line + " (corrected)\nsecond line")).isEqualTo(1);
        expert.message(line + " (corrected)").findElement(By.xpath(".//button[text()='(edited)']")).click();
        expert.waitUpTo(10).until(d -> expert.message(line + " (corrected)").findElements(By.cssSelector(".revisions li")).size() == 2);

        // the participants panel: each one's role and availability
        client.driver.findElement(By.id("people-toggle")).click();
        client.waitUpTo(10).until(d -> d.findElement(By.id("participant-list")).getText().contains("Erik Expert"));
        assertThat(client.driver.findElement(By.id("participant-list")).getText()).contains("Platform Ops", "local time");
        client.driver.findElement(By.id("people-toggle")).click();

        // a chat in a tab the client is not looking at marks nothing read: what arrives there waits for them
        String chatTab = client.driver.getWindowHandle();
        client.driver.switchTo().newWindow(WindowType.TAB); // the chat's tab is hidden now, and still follows the stream
        double refetched = singleMessageReads();
        String away = "While you were away " + UUID.randomUUID();
        String messageId = JSON.readTree(RunningSystem.post(RunningSystem.url("chat-service") + "/projects/demo-project/messages",
                "expert", "{\"body\":\"" + away + "\"}").body()).get("messageId").asString();
        var edited = RunningSystem.send(HttpRequest.newBuilder(URI.create(RunningSystem.url("chat-service")
                        + "/projects/demo-project/messages/" + messageId))
                .header("Authorization", "Bearer " + RunningSystem.token("expert")).header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"body\":\"" + away + " (edited)\"}")).build());
        assertThat(edited.statusCode()).isEqualTo(200);
        // both chats, the expert's and the client's hidden one, fetch an edited message again, after the post before it
        await("both chats took the post and its edit").atMost(Duration.ofSeconds(20)).until(() -> singleMessageReads() >= refetched + 2);
        assertThat(unread("client")).as("unread in the client's hidden chat").isPositive();
        client.driver.close();
        client.driver.switchTo().window(chatTab);
        await("back in view, the chat marks it read").atMost(Duration.ofSeconds(20)).until(() -> unread("client") == 0);
        client.message(away + " (edited)");

        // the client answers; the expert sees it live, rendered safely
        String unsafe = "**bold move** <img src=x onerror=\"window.pwned=1\"> [link](javascript:window.pwned=2) " + UUID.randomUUID();
        client.box().sendKeys(unsafe, Keys.ENTER);
        WebElement live = expert.message("bold move");
        assertThat(live.findElements(By.tagName("strong"))).isNotEmpty();
        assertThat(live.getText()).as("HTML in a message is shown as text").contains("<img src=x onerror=");
        assertThat(live.findElements(By.tagName("img"))).isEmpty();
        assertThat(live.findElements(By.cssSelector("a[href^='javascript']"))).isEmpty();
        assertThat(expert.driver.executeScript("return window.pwned === undefined")).isEqualTo(true);

        // '@' offers the participants; picking one completes the handle. The client is elsewhere (a chat that is open
        // marks what arrives read), so the bell counts the mention, and its item leads back to the message's chat
        client.driver.executeScript("location.hash = '#/settings'");
        client.waitUpTo(10).until(d -> d.findElement(By.id("settings")).isDisplayed());
        expert.box().sendKeys("Please review @cl");
        expert.waitUpTo(10).until(d -> d.findElement(By.id("mention-list")).isDisplayed()
                && d.findElement(By.id("mention-list")).getText().contains("@clara"));
        expert.box().sendKeys(Keys.ENTER);
        assertThat(expert.box().getAttribute("value")).isEqualTo("Please review @clara ");
        expert.box().sendKeys("the chart", Keys.ENTER);
        client.waitUpTo(20).withMessage(() -> "the bell shows nothing; notification-service has for the client: "
                        + RunningSystem.get(RunningSystem.url("notification-service") + "/notifications/unread-count", "client").body())
                .until(d -> !d.findElement(By.id("bell-count")).getText().isBlank());
        client.driver.findElement(By.id("bell")).click();
        client.waitUpTo(20).until(d -> d.findElement(By.id("feed-list")).getText().contains("Erik Expert mentioned you"));
        client.screenshot("web-client-notifications.png");
        client.driver.findElement(By.xpath("//ul[@id='feed-list']//a[contains(., 'Erik Expert mentioned you')]")).click();
        client.awaitChat();
        client.message("Please review @clara the chart");

        // a dropped image uploads with its progress, goes with the next message, and shows as a thumbnail on both sides
        Path image = Files.createTempFile("chart", ".png");
        java.awt.image.BufferedImage picture = new java.awt.image.BufferedImage(320, 200, java.awt.image.BufferedImage.TYPE_INT_RGB);
        javax.imageio.ImageIO.write(picture, "png", image.toFile());
        expert.drop(image);
        expert.waitUpTo(30).until(d -> !d.findElements(By.cssSelector("#tray li.uploaded")).isEmpty());
        String withFile = "The chart " + UUID.randomUUID();
        expert.box().sendKeys(withFile, Keys.ENTER);
        for (Browser b : new Browser[]{expert, client}) {
            b.waitUpTo(30).until(d -> Boolean.TRUE.equals(b.driver.executeScript("""
                    const img = [...document.querySelectorAll('#messages li.message')]
                        .find(li => li.textContent.includes(arguments[0]))?.querySelector('img.thumbnail');
                    return !!img && img.complete && img.naturalWidth > 0;""", withFile)));
        }
        // a file too large or of a refused type is stopped before it is sent, with the reason
        Path script = Files.createTempFile("tool", ".exe");
        Files.writeString(script, "MZ");
        expert.drop(script);
        expert.waitUpTo(10).until(d -> d.findElement(By.id("composer-error")).getText().contains("cannot be shared"));
        expert.screenshot("web-client-chat.png");

        // ops: the internal note is there and marked; a new one never reaches the expert's browser
        try (Browser ops = new Browser("ops")) {
            ops.signInAndOpen("ops");
            WebElement internal = ops.message("watch the timeline");
            assertThat(internal.getAttribute("data-visibility")).isEqualTo("INTERNAL");
            assertThat(internal.getText()).contains("Internal note");
            String note = "Ops only " + UUID.randomUUID();
            new Select(ops.driver.findElement(By.id("composer-visibility"))).selectByValue("INTERNAL");
            ops.box().sendKeys(note, Keys.ENTER);
            ops.waitUpTo(20).until(d -> ops.message(note).getAttribute("data-message-id") != null);
            String after = "After the note " + UUID.randomUUID();
            new Select(ops.driver.findElement(By.id("composer-visibility"))).selectByValue("EVERYONE");
            ops.box().sendKeys(after, Keys.ENTER);
            expert.message(after); // what came after the note has arrived, the note has not
            assertThat(expert.historyText()).doesNotContain(note).doesNotContain("watch the timeline");
            assertThat(client.historyText()).doesNotContain(note);
            ops.screenshot("web-client-ops.png");
            assertThat(ops.consoleErrors()).as("errors in the ops browser's console").isEmpty();
        }
        assertThat(expert.consoleErrors()).as("errors in the expert's console").isEmpty();
        assertThat(client.consoleErrors()).as("errors in the client's console").isEmpty();
    }

    @Test
    void searchOpensAMessageInItsPlaceAndAnEscalationReachesTheDashboard() throws Exception {
        String word = "zebrafish" + UUID.randomUUID().toString().substring(0, 8);
        String chat = RunningSystem.url("chat-service") + "/projects/demo-project/messages";
        assertThat(RunningSystem.post(chat, "client", JSON.writeValueAsString(java.util.Map.of("body", "Is the " + word + " dataset ready?",
                "kind", "QUESTION"))).statusCode()).isEqualTo(201);
        for (int i = 0; i < 60; i++) { // more than a page after it: opening it must load older history
            RunningSystem.post(chat, "expert2", JSON.writeValueAsString(java.util.Map.of("body", "Filler " + i)));
        }
        expert.signInAndOpen("expert");
        assertThat(expert.historyText()).doesNotContain(word);
        WebElement hit = expert.waitUpTo(60).until(d -> {
            WebElement q = d.findElement(By.id("search-q"));
            q.clear();
            q.sendKeys(word, Keys.ENTER);
            return expert.waitUpTo(5).until(x -> x.findElement(By.id("search-status")).getText().contains("Searching") ? null
                    : x.findElements(By.cssSelector("#search-results a")).stream().findFirst().orElse(null));
        });
        assertThat(expert.driver.findElement(By.cssSelector("#search-results li mark")).getText()).isEqualToIgnoringCase(word);
        expert.screenshot("web-client-search.png");
        hit.click();
        WebElement found = expert.waitUpTo(30).until(d -> d.findElements(By.cssSelector("#messages li.message.focused")).stream()
                .findFirst().orElse(null));
        assertThat(found.getText()).contains(word, "Clara Client", "Question");
        assertThat(found.isDisplayed()).isTrue();

        // the client escalates from the dialog; ops sees the case on the dashboard, reached through the gateway
        client.signInAndOpen("client");
        client.driver.findElement(By.id("escalate")).click();
        new Select(client.driver.findElement(By.id("escalate-reason"))).selectByValue("CONDUCT");
        client.driver.findElement(By.id("escalate-details")).sendKeys("Rude replies in the last two calls.");
        client.driver.findElement(By.id("escalate-sought")).sendKeys("A mediated call");
        client.screenshot("web-client-escalate.png");
        client.driver.findElement(By.id("escalate-submit")).click();
        client.message("Escalation: Conduct");
        client.driver.findElement(By.id("escalate")).click();
        client.waitUpTo(30).until(d -> {
            d.findElement(By.id("escalate-cancel")).click();
            d.findElement(By.id("escalate")).click();
            return d.findElement(By.id("my-escalations")).getText().contains("Conduct: OPEN");
        });
        client.driver.findElement(By.id("escalate-cancel")).click();

        try (Browser ops = new Browser("ops")) {
            ops.signInAndOpen("ops");
            assertThat(ops.driver.findElement(By.id("dashboard-link")).isDisplayed()).isTrue();
            ops.driver.get(gateway() + "/api/escalations/dashboard/#token=" + RunningSystem.token("ops"));
            ops.waitUpTo(30).until(d -> d.findElements(By.cssSelector("#cases tr[data-case-id]")).stream()
                    .anyMatch(r -> r.getText().contains("Conduct") && r.getText().contains("demo-project")));
            ops.screenshot("web-client-dashboard.png");
            assertThat(ops.consoleErrors()).isEmpty();
        }
        assertThat(client.consoleErrors()).isEmpty();
    }

    @Test
    void aPersonSignsInWithTheirAccountAtTheIdentityProviderByCodeFlowWithPkce() throws Exception {
        String identity = RunningSystem.get().identity().url();
        // the provider will not start a code flow without a PKCE challenge
        HttpResponse<String> noChallenge = java.net.http.HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(identity
                + "/oauth2/authorize?response_type=code&client_id=project-chat-web&scope=openid&state=s&redirect_uri="
                + java.net.URLEncoder.encode(gateway() + "/", java.nio.charset.StandardCharsets.UTF_8))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(noChallenge.headers().firstValue("Location").orElse(noChallenge.body())).contains("error=invalid_request");

        try (Browser anna = new Browser("anna")) {
            anna.driver.get(gateway() + "/");
            anna.waitUpTo(20).until(d -> d.findElement(By.id("sign-in-oidc")).isDisplayed());
            anna.driver.findElement(By.id("sign-in-oidc")).click();
            anna.waitUpTo(20).until(d -> !d.findElements(By.id("username")).isEmpty());
            assertThat(anna.driver.getCurrentUrl()).startsWith(identity);
            anna.driver.findElement(By.id("username")).sendKeys("anna");
            anna.driver.findElement(By.id("password")).sendKeys(org.projectchat.dev.DevSystem.DEMO_PASSWORD, Keys.ENTER);
            WebElement project = anna.awaitDemoProject();
            assertThat(anna.driver.getCurrentUrl()).as("the code leaves the address bar").doesNotContain("code=").startsWith(gateway());
            assertThat(anna.driver.findElement(By.id("who")).getText()).isEqualTo("Anna Manager");
            // the provider's access token is one every service takes: the chat opens with its history, live
            project.click();
            anna.awaitChat();
            anna.driver.findElement(By.id("sign-out")).click();
            anna.waitUpTo(20).until(d -> d.getCurrentUrl().startsWith(gateway()) && d.findElement(By.id("sign-in")).isDisplayed());
            // signing out ended the provider's session too: signing in again asks for the password again
            anna.driver.findElement(By.id("sign-in-oidc")).click();
            anna.waitUpTo(20).until(d -> !d.findElements(By.id("username")).isEmpty());
            assertThat(anna.driver.getCurrentUrl()).startsWith(identity);
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void aWebPushMessageBecomesABrowserNotificationLinkingToTheMessage() throws Exception {
        try (Browser eva = new Browser("eva-push")) {
            eva.signInAndOpen("expert2");
            eva.driver.executeCdpCommand("Browser.grantPermissions", java.util.Map.of("origin", gateway(),
                    "permissions", List.of("notifications")));
            ((JavascriptExecutor) eva.driver).executeAsyncScript("""
                    const done = arguments[arguments.length - 1];
                    navigator.serviceWorker.register('/service-worker.js').then(() => navigator.serviceWorker.ready).then(() => done());""");
            // what notification-service sends (decrypted by the browser): the push service is not reachable from here,
            // so the browser's DevTools hand the service worker the message as a push service would
            String link = gateway() + "/#/projects/demo-project/messages/m-1";
            String payload = JSON.writeValueAsString(java.util.Map.of("title", "Erik Expert in Demo: data pipeline rebuild",
                    "body", "@eva the deploy is green", "url", link, "tag", "m-1", "urgent", false, "count", 1));
            // the worker's registration id, as DevTools reports it (not guessed: it depends on the profile's history)
            org.openqa.selenium.devtools.DevTools devTools = eva.driver.getDevTools();
            devTools.createSessionIfThereIsNotOne();
            java.util.concurrent.CompletableFuture<String> registration = new java.util.concurrent.CompletableFuture<>();
            devTools.addListener(new org.openqa.selenium.devtools.Event<List<java.util.Map<String, Object>>>(
                    "ServiceWorker.workerVersionUpdated", input -> {
                        java.util.Map<String, Object> event = input.read(java.util.Map.class);
                        return (List<java.util.Map<String, Object>>) event.get("versions");
                    }), versions -> versions.stream()
                    .filter(v -> "activated".equals(v.get("status")))
                    .findFirst().ifPresent(v -> registration.complete(String.valueOf(v.get("registrationId")))));
            devTools.send(new org.openqa.selenium.devtools.Command<Void>("ServiceWorker.enable", java.util.Map.of()));
            String registrationId = registration.get(20, java.util.concurrent.TimeUnit.SECONDS);
            @SuppressWarnings("unchecked")
            List<java.util.Map<String, Object>> shown = eva.waitUpTo(20).until(d -> {
                // delivered again on each look (the push's tag keeps it one notification): a worker still starting
                // may miss the first
                devTools.send(new org.openqa.selenium.devtools.Command<Void>("ServiceWorker.deliverPushMessage",
                        java.util.Map.of("origin", gateway() + "/", "registrationId", registrationId, "data", payload)));
                Object notifications = ((JavascriptExecutor) d).executeAsyncScript("""
                        const done = arguments[arguments.length - 1];
                        navigator.serviceWorker.ready.then((r) => r.getNotifications())
                          .then((list) => done(list.map((n) => ({ title: n.title, body: n.body, url: n.data.url }))));""");
                return notifications instanceof List<?> list && !list.isEmpty() ? (List<java.util.Map<String, Object>>) list : null;
            });
            assertThat(shown).singleElement().satisfies(n -> {
                assertThat(n.get("title")).isEqualTo("Erik Expert in Demo: data pipeline rebuild");
                assertThat(n.get("body")).isEqualTo("@eva the deploy is green");
                assertThat(n.get("url")).isEqualTo(link);
            });
            assertThat(eva.consoleErrors()).isEmpty();
        }
    }

    @Test
    void theChatIsUsableFromTheKeyboardAndEveryControlHasAName() throws Exception {
        try (Browser keyboard = new Browser("keyboard")) {
            keyboard.signIn("account-manager");
            // Tab to the project, Enter opens it
            WebElement focused = null;
            for (int i = 0; i < 30; i++) {
                new org.openqa.selenium.interactions.Actions(keyboard.driver).sendKeys(Keys.TAB).perform();
                focused = keyboard.driver.switchTo().activeElement();
                if ("demo-project".equals(focused.getAttribute("data-project-id"))) {
                    break;
                }
            }
            assertThat(focused.getAttribute("data-project-id")).as("Tab reaches the project").isEqualTo("demo-project");
            focused.sendKeys(Keys.ENTER);
            keyboard.awaitChat();
            // the skip link is the first stop and lands in the message box, with the chat still open
            keyboard.driver.findElement(By.tagName("body")).click();
            ((JavascriptExecutor) keyboard.driver).executeScript("document.activeElement.blur(); window.scrollTo(0, 0);");
            keyboard.driver.findElement(By.cssSelector("a.skip")).sendKeys(Keys.ENTER);
            keyboard.waitUpTo(5).until(d -> "composer-body".equals(d.switchTo().activeElement().getAttribute("id")));
            assertThat(keyboard.driver.findElement(By.id("chat-view")).isDisplayed()).isTrue();
            // @ autocomplete with the arrows and Enter, then Enter sends
            String text = "From the keyboard " + UUID.randomUUID();
            WebElement box = keyboard.driver.switchTo().activeElement();
            box.sendKeys("@cla");
            keyboard.waitUpTo(5).until(d -> d.findElement(By.id("mention-list")).isDisplayed());
            box.sendKeys(Keys.ENTER);
            assertThat(box.getAttribute("value")).isEqualTo("@clara ");
            box.sendKeys(text, Keys.ENTER);
            keyboard.waitUpTo(20).until(d -> keyboard.historyText().contains(text));
            assertThat(stored("account-manager", "@clara " + text)).isEqualTo(1);
            // Up in the empty box edits your last message; Escape leaves it as it was
            keyboard.waitUpTo(20).until(d -> !keyboard.message(text).findElements(By.cssSelector("[data-action='edit']")).isEmpty());
            box.sendKeys(Keys.ARROW_UP);
            WebElement editing = keyboard.waitUpTo(5).until(d -> {
                WebElement active = d.switchTo().activeElement();
                return "Edit your message".equals(active.getAttribute("aria-label")) ? active : null;
            });
            assertThat(editing.getAttribute("value")).isEqualTo("@clara " + text);
            editing.sendKeys(Keys.ESCAPE);
            keyboard.waitUpTo(5).until(d -> d.findElements(By.cssSelector("form.edit")).isEmpty());
            assertThat(keyboard.message(text).getText()).contains("@clara " + text);
            // the escalation dialog opens and closes from the keyboard
            keyboard.driver.findElement(By.id("escalate")).sendKeys(Keys.ENTER);
            keyboard.waitUpTo(5).until(d -> d.findElement(By.id("escalate-dialog")).isDisplayed());
            new org.openqa.selenium.interactions.Actions(keyboard.driver).sendKeys(Keys.ESCAPE).perform();
            keyboard.waitUpTo(5).until(d -> !d.findElement(By.id("escalate-dialog")).isDisplayed());

            assertThat(unnamedControls(keyboard)).as("controls a screen reader could not name, chat screen").isEmpty();
            keyboard.driver.findElement(By.id("settings-link")).sendKeys(Keys.ENTER);
            keyboard.waitUpTo(20).until(d -> d.findElement(By.id("settings")).isDisplayed());
            assertThat(unnamedControls(keyboard)).as("controls a screen reader could not name, settings").isEmpty();
            assertThat(keyboard.consoleErrors()).isEmpty();
        }
    }

    /** Coming back to a project, a "New messages" line sits above the first message written since you last read it. */
    @Test
    void aNewMessagesLineMarksWhereWhatYouHaveNotReadBegins() throws Exception {
        try (Browser eva = new Browser("expert2-new")) {
            eva.signInAndOpen("expert2"); // reads everything there is
            eva.openSettings();
            String first = "First while Eva was away " + UUID.randomUUID();
            String second = "Second while Eva was away " + UUID.randomUUID();
            for (String body : List.of(first, second)) {
                RunningSystem.post(RunningSystem.url("chat-service") + "/projects/demo-project/messages", "client",
                        JSON.writeValueAsString(java.util.Map.of("body", body)));
            }
            stored("client", second);

            eva.awaitDemoProject().click();
            eva.awaitChat();
            WebElement line = eva.waitUpTo(10).until(d -> d.findElements(By.cssSelector("#messages li.new-messages")).stream()
                    .findFirst().orElse(null));
            assertThat(line.getText()).isEqualTo("New messages");
            WebElement next = line.findElement(By.xpath("following-sibling::li[1]"));
            assertThat(next.getText()).contains(first);
            assertThat(eva.driver.findElements(By.cssSelector("#messages li.new-messages"))).hasSize(1);
            eva.screenshot("web-client-new-messages.png");

            // opened again, with everything read, there is no line
            eva.openSettings();
            eva.awaitDemoProject().click();
            eva.awaitChat();
            eva.message(second);
            assertThat(eva.driver.findElements(By.cssSelector("#messages li.new-messages"))).isEmpty();
            assertThat(eva.consoleErrors()).isEmpty();
        }
    }

    /**
     * What was typed and not sent comes back after a reload with its kind and audience (an internal note must not come
     * back as a message to everyone); sending it, or signing out, forgets it.
     */
    @Test
    void anUnsentDraftOutlivesAReloadWithItsAudienceButNotASignOut() throws Exception {
        try (Browser olga = new Browser("ops-drafts")) {
            olga.signInAndOpen("ops");
            String text = "Draft of an internal note " + UUID.randomUUID();
            new Select(olga.driver.findElement(By.id("composer-visibility"))).selectByValue("INTERNAL");
            new Select(olga.driver.findElement(By.id("composer-kind"))).selectByValue("PROGRESS_UPDATE");
            olga.box().sendKeys(text);

            olga.driver.navigate().refresh();
            olga.awaitChat();
            assertThat(olga.box().getAttribute("value")).isEqualTo(text);
            assertThat(selected(olga, "composer-visibility")).isEqualTo("INTERNAL");
            assertThat(selected(olga, "composer-kind")).isEqualTo("PROGRESS_UPDATE");

            olga.box().sendKeys(Keys.ENTER);
            olga.message(text);
            assertThat(stored("ops", text)).isEqualTo(1);
            assertThat(count("expert", text)).as("sent as the internal note it was drafted as").isZero();
            olga.driver.navigate().refresh();
            olga.awaitChat();
            assertThat(olga.box().getAttribute("value")).as("a sent draft is gone").isEmpty();

            olga.box().sendKeys("Typed, then signed out " + UUID.randomUUID());
            olga.driver.findElement(By.id("sign-out")).click();
            olga.waitUpTo(20).until(d -> d.findElement(By.id("sign-in")).isDisplayed());
            olga.signInAndOpen("ops");
            assertThat(olga.box().getAttribute("value")).as("signing out forgets drafts").isEmpty();
            assertThat(olga.consoleErrors()).isEmpty();
        }
    }

    static String selected(Browser browser, String id) {
        return new Select(browser.driver.findElement(By.id(id))).getFirstSelectedOption().getAttribute("value");
    }

    /** Visible buttons, links and fields with no accessible name (no label, aria-label(ledby), text or title). */
    @SuppressWarnings("unchecked")
    static List<String> unnamedControls(Browser browser) {
        return (List<String>) ((JavascriptExecutor) browser.driver).executeScript("""
                return [...document.querySelectorAll('button, a[href], input, select, textarea, [role=button], [tabindex]')]
                  .filter((e) => e.getClientRects().length > 0 && e.type !== 'hidden')
                  .filter((e) => !(e.getAttribute('aria-label') || e.getAttribute('aria-labelledby') || (e.labels && e.labels.length)
                    || e.textContent.trim() || e.getAttribute('title')))
                  .map((e) => e.outerHTML.slice(0, 160));""");
    }

    @Test
    void notificationSettingsDoNotDisturbAndTheDiagnosis() throws Exception {
        try (Browser eva = new Browser("expert2")) {
            eva.signInAndOpen("expert2");
            eva.driver.findElement(By.id("settings-link")).click();
            eva.waitUpTo(20).until(d -> d.findElement(By.id("settings")).isDisplayed()
                    && !new Select(d.findElement(By.id("project-pick"))).getOptions().isEmpty());
            new Select(eva.driver.findElement(By.id("default-email"))).selectByValue("HOURLY");
            eva.driver.findElement(By.cssSelector("#defaults-form button[type=submit]")).click();
            eva.waitUpTo(10).until(d -> d.findElement(By.cssSelector("#defaults-form .saved")).getText().equals("Saved"));
            new Select(eva.driver.findElement(By.id("project-email"))).selectByValue("OFF");
            eva.driver.findElement(By.cssSelector("#project-form button[type=submit]")).click();
            eva.waitUpTo(10).until(d -> d.findElement(By.cssSelector("#project-form .saved")).getText().equals("Saved"));
            JsonNode preferences = JSON.readTree(RunningSystem.get(RunningSystem.url("notification-service") + "/preferences", "expert2").body());
            assertThat(preferences.get("defaults").get("email").asString()).isEqualTo("HOURLY");
            assertThat(preferences.get("projects").get("demo-project").get("email").asString()).isEqualTo("OFF");

            eva.driver.findElement(By.cssSelector("[data-dnd='60']")).click();
            eva.waitUpTo(10).until(d -> d.findElement(By.id("dnd-state")).getText().startsWith("Do Not Disturb is on until"));
            eva.driver.findElement(By.id("diagnose")).click();
            eva.waitUpTo(10).until(d -> d.findElement(By.id("diagnosis")).getText().contains("Do Not Disturb is on"));
            assertThat(eva.driver.findElement(By.id("diagnosis")).getText()).contains("Email is off for project demo-project");
            eva.screenshot("web-client-settings.png");

            // the test notification goes now, DND or not, and says where it went
            eva.driver.findElement(By.id("test-notification")).click();
            eva.waitUpTo(20).until(d -> d.findElement(By.id("diagnosis")).getText().contains("Email: ✓ Sent to eva@demo.projectchat.local"));
            assertThat(eva.driver.findElement(By.id("diagnosis")).getText())
                    .contains("Browser notifications: ✗ No browser is subscribed");
            assertThat(RunningSystem.get().stack().smtp().receivedMessages()).anySatisfy(mail -> {
                assertThat(mail.getSubject()).isEqualTo("Test notification from Project Chat");
                assertThat(mail.getAllRecipients()[0].toString()).isEqualTo("eva@demo.projectchat.local");
            });
            eva.driver.findElement(By.id("dnd-off")).click();
            eva.waitUpTo(10).until(d -> d.findElement(By.id("dnd-state")).getText().equals("Do Not Disturb is off."));
            assertThat(JSON.readTree(RunningSystem.get(RunningSystem.url("notification-service") + "/me/settings", "expert2").body())
                    .get("dndUntil").isNull()).isTrue();
            assertThat(eva.consoleErrors()).isEmpty();
        }
    }

    @Test
    void aSendThatFailedWhileTheGatewayWasDownIsRetriedToExactlyOneMessage() throws Exception {
        expert.signInAndOpen("expert");
        var gatewayProcess = RunningSystem.get().service("web-gateway");
        gatewayProcess.kill();
        String text = "Sent through an outage " + UUID.randomUUID();
        String second = "Still unsent at the reload " + UUID.randomUUID();
        expert.box().sendKeys(text, Keys.ENTER);
        expert.box().sendKeys(second, Keys.ENTER);
        WebElement failed = failedSend(expert, text);
        assertThat(failed.getText()).contains("Not sent");
        failedSend(expert, second);
        gatewayProcess.awaitReady(Duration.ofMinutes(3));
        failed.findElement(By.xpath(".//button[text()='Retry']")).click();
        expert.waitUpTo(30).until(d -> expert.messages().stream().anyMatch(m -> m.getText().contains(text)
                && m.getAttribute("data-message-id") != null && !m.getAttribute("class").contains("failed")));
        assertThat(stored("expert", text)).isEqualTo(1);
        // the live stream came back by itself
        expert.waitUpTo(60).until(d -> d.findElement(By.id("live")).getText().equals("Live"));
        String after = "After the outage " + UUID.randomUUID();
        RunningSystem.post(RunningSystem.url("chat-service") + "/projects/demo-project/messages", "client",
                JSON.writeValueAsString(java.util.Map.of("body", after)));
        expert.message(after);
        assertThat(expert.messages().stream().filter(m -> m.getText().contains(text)).count()).as("shown once").isEqualTo(1);
        // a reload does not lose the send that is still unsent; the one stored is not offered again
        expert.driver.navigate().refresh();
        expert.awaitChat();
        WebElement offeredAgain = failedSend(expert, second);
        assertThat(offeredAgain.getText()).contains("Not sent before the page was reloaded");
        assertThat(expert.driver.findElements(By.cssSelector("#messages li.message.failed")).stream()
                .filter(m -> m.getText().contains(text)).count()).as("the stored one is not offered again").isZero();
        offeredAgain.findElement(By.xpath(".//button[text()='Retry']")).click();
        expert.waitUpTo(30).until(d -> expert.messages().stream().anyMatch(m -> m.getText().contains(second)
                && m.getAttribute("data-message-id") != null && !m.getAttribute("class").contains("failed")));
        assertThat(stored("expert", second)).isEqualTo(1);
        assertThat(stored("expert", text)).isEqualTo(1);
        expert.consoleErrors(); // the outage's refused requests are expected here

        // on a phone-sized screen the project list folds behind the menu button and the composer stays in reach
        expert.driver.manage().window().setSize(new org.openqa.selenium.Dimension(390, 844));
        try {
            expert.waitUpTo(10).until(d -> d.findElement(By.id("menu")).isDisplayed() && !d.findElement(By.id("projects")).isDisplayed());
            assertThat(expert.box().isDisplayed()).isTrue();
            expert.box().sendKeys("From a phone " + text, Keys.ENTER);
            expert.message("From a phone " + text);
            expert.driver.findElement(By.id("menu")).click();
            expert.waitUpTo(10).until(d -> d.findElement(By.id("projects")).isDisplayed());
            expert.screenshot("web-client-phone.png");
            expert.driver.findElement(By.id("menu")).click();
        } finally {
            expert.driver.manage().window().setSize(new org.openqa.selenium.Dimension(1280, 900));
        }
    }

    static WebElement failedSend(Browser browser, String text) {
        return browser.waitUpTo(20).until(d -> d.findElements(By.cssSelector("#messages li.message.failed")).stream()
                .filter(m -> m.getText().contains(text)).findFirst().orElse(null));
    }

    @Test
    void theGatewayLimitsEachUsersRequests() {
        String token = RunningSystem.token("account-manager");
        List<Integer> statuses = new ArrayList<>();
        HttpResponse<String> refused = null;
        for (int i = 0; i < 400 && refused == null; i++) {
            HttpResponse<String> r = RunningSystem.send(HttpRequest.newBuilder(URI.create(gateway() + "/api/chat/me/unread"))
                    .header("Authorization", "Bearer " + token).build());
            statuses.add(r.statusCode());
            if (r.statusCode() == 429) {
                refused = r;
            }
        }
        assertThat(refused).as("a user sending far more than the limit is refused").isNotNull();
        assertThat(statuses.subList(0, 50)).as("the first requests go through").containsOnly(200);
        assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).contains("application/problem+json"));
        assertThat(refused.headers().firstValue("Retry-After")).isPresent();
        // another user is not held back by it
        assertThat(RunningSystem.get(gateway() + "/api/chat/me/unread", "expert2").statusCode()).isEqualTo(200);
        // a token the gateway does not accept is refused there, as problem+json
        var forged = RunningSystem.send(HttpRequest.newBuilder(URI.create(gateway() + "/api/chat/me/unread"))
                .header("Authorization", "Bearer " + token.substring(0, token.length() - 4) + "AAAA").build());
        assertThat(forged.statusCode()).isEqualTo(401);
        // the page may load and send nothing but this origin's own
        var page = RunningSystem.send(HttpRequest.newBuilder(URI.create(gateway() + "/")).build());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(p -> assertThat(p)
                .contains("script-src 'self'", "connect-src 'self'", "object-src 'none'"));
    }
}
