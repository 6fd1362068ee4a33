package org.projectchat.escalations;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.projectchat.embedded.browser.Chromium;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.projectchat.contract.ChatEvent;
import org.projectchat.contract.EscalationReason;
import org.projectchat.contract.MessageKind;
import org.projectchat.contract.Priority;
import org.projectchat.contract.Visibility;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ops dashboard in a real headless Chromium (Debian's chromium and chromium-driver): it lists a case made through
 * the API, acknowledges it, filters, draws its charts, reports no error in the console; a screenshot is kept in
 * {@code target/screenshots}.
 */
class DashboardBrowserTest extends EscalationServiceTest {

    static ChromeDriver browser;

    @BeforeAll
    static void openBrowser() {
        browser = Chromium.start(1280, 1400);
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    /** A wait whose timeout message carries what the page said: its status line and console. */
    WebDriverWait waitUpTo(int seconds) {
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(seconds));
        wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class); // live updates redraw the tables
        wait.withMessage(() -> "page status: " + browser.findElement(By.id("live")).getText() + "; console: "
                + browser.manage().logs().get(LogType.BROWSER).getAll());
        return wait;
    }

    WebElement row(String caseId) {
        return browser.findElement(By.cssSelector("#cases tr[data-case-id='" + caseId + "']"));
    }

    void click(String caseId, String button) {
        waitUpTo(10).until(d -> {
            row(caseId).findElement(By.xpath(".//button[text()='" + button + "']")).click();
            return true;
        });
    }

    boolean rowShown(String caseId) {
        return !browser.findElements(By.cssSelector("#cases tr[data-case-id='" + caseId + "']")).isEmpty();
    }

    @Test
    void opsWorkACaseFromTheDashboard() throws Exception {
        Project p = project();
        var created = post(opsToken(), "/projects/" + p.id + "/cases",
                "{\"reason\":\"TECHNICAL_ACCESS\",\"resolutionSought\":\"VPN access for the expert\"}");
        assertThat(created.statusCode()).isEqualTo(201);
        String caseId = json(created).get("escalation").get("caseId").asString();
        p.post(p.clara, MessageKind.GENERAL, Visibility.EVERYONE, Priority.NORMAL,
                new ChatEvent.Escalation(EscalationReason.PAYMENT, "Refund"));
        p.applied();
        String paymentCase = json(get(opsToken(), "/cases?projectId=" + p.id + "&reason=PAYMENT")).get("items").get(0)
                .get("caseId").asString();

        browser.get("about:blank");
        browser.manage().logs().get(LogType.BROWSER); // what earlier pages logged is not this page's
        long openedAt = System.currentTimeMillis();
        browser.get(url("/dashboard/#token=" + opsToken()));
        waitUpTo(15).until(d -> rowShown(caseId));
        waitUpTo(10).until(d -> row(caseId).getText().contains("Sam Staff"));
        String shown = waitUpTo(10).until(d -> row(caseId).getText());
        assertThat(shown).contains("Technical access", p.id, "Sam Staff", "OPEN")
                .doesNotContainPattern(" -\\d"); // an age counted to the service's time, not a negative one
        assertThat(browser.getCurrentUrl()).as("the token leaves the address bar").doesNotContain("token=");

        click(caseId, "Acknowledge");
        waitUpTo(10).until(d -> row(caseId).getText().contains("ACKNOWLEDGED"));
        assertThat(json(get(opsToken(), "/cases/" + caseId)).get("escalation").get("owner").asString()).isEqualTo("u-staff");

        click(caseId, "Note");
        browser.findElement(By.id("action-text")).sendKeys("Asked the client's IT for credentials.");
        browser.findElement(By.id("action-submit")).click();
        waitUpTo(10).until(d -> !json(get(opsToken(), "/cases/" + caseId)).get("notes").isEmpty());

        // a change made elsewhere arrives live
        post(opsToken(), "/cases/" + paymentCase + "/acknowledge", "");
        waitUpTo(10).until(d -> row(paymentCase).getText().contains("ACKNOWLEDGED"));

        new Select(browser.findElement(By.id("filter-reason"))).selectByValue("PAYMENT");
        browser.findElement(By.id("filter-project")).sendKeys(p.id);
        browser.findElement(By.cssSelector("#filters button[type=submit]")).click();
        waitUpTo(10).until(d -> !rowShown(caseId) && rowShown(paymentCase));

        JavascriptExecutor js = browser;
        waitUpTo(10).until(d -> Boolean.TRUE.equals(js.executeScript("""
                return ['chart-reasons', 'chart-daily', 'chart-times'].every(id => {
                  const chart = echarts.getInstanceByDom(document.getElementById(id));
                  return chart && chart.getOption().series.length > 0
                      && document.getElementById(id).querySelector('canvas') !== null;
                });""")));
        Object bars = js.executeScript(
                "return echarts.getInstanceByDom(document.getElementById('chart-reasons')).getOption().series[0].data.length");
        assertThat(((Number) bars).intValue()).isPositive();
        assertThat(browser.findElements(By.cssSelector("#deadlines tbody tr"))).isNotEmpty();

        Path shots = Path.of("target", "screenshots");
        Files.createDirectories(shots);
        Files.write(shots.resolve("dashboard.png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));

        List<LogEntry> errors = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getTimestamp() >= openedAt)
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).toList();
        assertThat(errors).as("console errors").isEmpty();
    }

    @Test
    void anExpertIsSentBackToSignIn() {
        Project p = project();
        browser.get("about:blank");
        browser.get(url("/dashboard/#token=" + token(p.erik)));
        waitUpTo(15).until(d -> d.findElement(By.id("sign-in")).isDisplayed());
        assertThat(browser.findElement(By.id("sign-in-error")).getText()).contains("platform ops and account managers");
        assertThat(browser.findElement(By.id("board")).isDisplayed()).isFalse();
    }
}
