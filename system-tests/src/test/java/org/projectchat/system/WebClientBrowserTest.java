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
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.File;
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

/**
 * The web client in a real headless Chromium (Debian's chromium and chromium-driver), through web-gateway, against the
 * running system: sign-in by a dev link, the project list, history with names and roles, Enter and Shift+Enter,
 * messages arriving live over the gateway's event stream, Markdown rendered safely, internal notes marked for ops and
 * absent for an expert, '@' autocomplete, and the bell's in-app notifications.
 */
class WebClientBrowserTest {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static ChromeDriver browser;

    @BeforeAll
    static void openBrowser() throws Exception {
        RunningSystem.get();
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1280,900",
                "--user-data-dir=" + Files.createTempDirectory("chromium-profile"));
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        browser = new ChromeDriver(new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver")).build(), options);
    }

    @AfterAll
    static void closeBrowser() throws Exception {
        if (browser != null) {
            Path shots = Path.of("target/screenshots");
            Files.createDirectories(shots);
            Files.write(shots.resolve("web-client.png"), browser.getScreenshotAs(OutputType.BYTES));
            browser.quit();
        }
    }

    static String gateway() {
        return RunningSystem.url("web-gateway");
    }

    WebDriverWait waitUpTo(int seconds) {
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(seconds));
        wait.ignoring(StaleElementReferenceException.class);
        wait.withMessage(() -> "page: " + browser.findElement(By.tagName("body")).getText() + "; console: "
                + browser.manage().logs().get(LogType.BROWSER).getAll());
        return wait;
    }

    /** Signs a demo user in by the link ./dev.sh prints, and opens the demo project's chat. */
    void signInAndOpen(String user) {
        browser.get("about:blank");
        browser.get(gateway() + "/#token=" + RunningSystem.token(user));
        waitUpTo(20).until(d -> !d.findElements(By.cssSelector("#project-list a[data-project-id='demo-project']")).isEmpty());
        assertThat(browser.getCurrentUrl()).as("the token leaves the address bar").doesNotContain("token=");
        browser.findElement(By.cssSelector("#project-list a[data-project-id='demo-project']")).click();
        waitUpTo(20).until(d -> !messages().isEmpty());
    }

    List<WebElement> messages() {
        return browser.findElements(By.cssSelector("#messages li.message"));
    }

    String historyText() {
        return browser.findElement(By.id("messages")).getText();
    }

    WebElement message(String containing) {
        return waitUpTo(20).until(d -> messages().stream().filter(m -> m.getText().contains(containing)).findFirst().orElse(null));
    }

    static JsonNode history(String user) throws Exception {
        return JSON.readTree(RunningSystem.get(RunningSystem.url("chat-service") + "/projects/demo-project/messages?limit=100", user).body());
    }

    @Test
    void participantsChatInTheBrowser() throws Exception {
        // an expert: names and roles, no internal note, composing with Shift+Enter and Enter
        signInAndOpen("expert");
        WebElement welcome = message("Welcome aboard");
        assertThat(welcome.getText()).contains("Clara Client", "Client");
        assertThat(message("Daily update").findElements(By.cssSelector("pre code.hljs"))).as("a highlighted code block").isNotEmpty();
        assertThat(historyText()).doesNotContain("watch the timeline");
        assertThat(new Select(browser.findElement(By.id("composer-visibility"))).getOptions()).extracting(WebElement::getText)
                .containsExactly("Everyone");

        String line = "Browser hello " + UUID.randomUUID();
        WebElement box = browser.findElement(By.id("composer-body"));
        box.sendKeys(line, Keys.chord(Keys.SHIFT, Keys.ENTER), "second line");
        assertThat(messages().stream().noneMatch(m -> m.getText().contains(line))).as("Shift+Enter does not send").isTrue();
        box.sendKeys(Keys.ENTER);
        waitUpTo(20).until(d -> messages().stream().anyMatch(m -> m.getText().contains(line)
                && m.getAttribute("data-message-id") != null && !m.getAttribute("class").contains("pending")));
        long stored = 0;
        for (JsonNode m : history("expert").get("items")) {
            if (m.get("body").asString().equals(line + "\nsecond line")) {
                stored++;
            }
        }
        assertThat(stored).as("sent once, with its line break").isEqualTo(1);

        // '@' offers the participants; picking one completes the handle, and the client is notified
        box.sendKeys("Please review @cl");
        waitUpTo(10).until(d -> d.findElement(By.id("mention-list")).isDisplayed()
                && d.findElement(By.id("mention-list")).getText().contains("@clara"));
        box.sendKeys(Keys.ENTER);
        assertThat(box.getAttribute("value")).isEqualTo("Please review @clara ");
        box.sendKeys(Keys.ENTER);
        message("Please review @clara");

        // something another participant posts arrives live through the gateway, rendered safely
        String unsafe = "**bold move** <img src=x onerror=\"window.pwned=1\"> [link](javascript:window.pwned=2) " + UUID.randomUUID();
        var posted = RunningSystem.post(RunningSystem.url("chat-service") + "/projects/demo-project/messages", "client",
                JSON.writeValueAsString(java.util.Map.of("body", unsafe)));
        assertThat(posted.statusCode()).isEqualTo(201);
        WebElement live = message("bold move");
        assertThat(live.findElements(By.tagName("strong"))).isNotEmpty();
        assertThat(live.getText()).as("HTML in a message is shown as text").contains("<img src=x onerror=");
        assertThat(live.findElements(By.tagName("img"))).isEmpty();
        assertThat(live.findElements(By.cssSelector("a[href^='javascript']"))).isEmpty();
        assertThat(((JavascriptExecutor) browser).executeScript("return window.pwned === undefined")).isEqualTo(true);

        // ops: the internal note is there and marked; ops can write one, which the expert never sees
        signInAndOpen("ops");
        WebElement internal = message("watch the timeline");
        assertThat(internal.getAttribute("data-visibility")).isEqualTo("INTERNAL");
        assertThat(internal.getText()).contains("Internal note");
        String note = "Ops only " + UUID.randomUUID();
        new Select(browser.findElement(By.id("composer-visibility"))).selectByValue("INTERNAL");
        browser.findElement(By.id("composer-body")).sendKeys(note, Keys.ENTER);
        waitUpTo(20).until(d -> message(note).getAttribute("data-message-id") != null);
        assertThat(history("ops").toString()).contains(note);

        // the client: the mention is in the bell, and the expert's page never shows the note
        signInAndOpen("client");
        waitUpTo(20).until(d -> !d.findElement(By.id("bell-count")).getText().isBlank());
        browser.findElement(By.id("bell")).click();
        waitUpTo(20).until(d -> d.findElement(By.id("feed-list")).getText().contains("Erik Expert mentioned you"));
        assertThat(historyText()).doesNotContain(note); // internal: not for the client side either

        signInAndOpen("expert");
        message(line);
        assertThat(historyText()).doesNotContain(note).doesNotContain("watch the timeline");
        List<String> errors = new ArrayList<>();
        browser.manage().logs().get(LogType.BROWSER).getAll().stream().filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
                .forEach(e -> errors.add(e.getMessage()));
        assertThat(errors).as("errors in the console").isEmpty();
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
