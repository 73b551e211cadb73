package dev.strangler.demo.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.strangler.demo.DemoProxy;
import dev.strangler.demo.DemoStack;
import dev.strangler.rules.RequestFacts;
import dev.strangler.rules.RoutingTable;
import dev.strangler.rules.Upstream;
import dev.strangler.rules.UserState;
import dev.strangler.rules.UserStatus;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console end to end in a real browser (Debian's chromium, headless, through its chromedriver) against
 * {@code strangler demo}'s stack: sign in, steer the rollout, find a failing user, roll one back, sign out, and the
 * refusals (a stale change, a read-only token, a form without its CSRF token). The pages it passes through are
 * saved as the README's screenshots under {@code docs/console/}. Skipped, saying so, where chromium or chromedriver
 * is not installed.
 */
class ConsoleBrowserTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    static Path folder;

    private static DemoStack stack;
    private static DemoProxy proxy;
    private static HttpClient http;
    private ChromeDriver browser;
    private WebDriverWait wait;

    @BeforeAll
    static void start() throws Exception {
        Chromium.assumeInstalled();
        stack = DemoStack.start(new DemoStack.Options(null, 0, 0));
        proxy = DemoProxy.start(stack, folder.resolve("config"), 0, 0);
        http = HttpClient.newHttpClient();
    }

    @AfterAll
    static void stop() throws Exception {
        if (proxy != null) {
            proxy.close();
        }
        if (stack != null) {
            stack.close();
        }
    }

    @BeforeEach
    void openBrowser() {
        browser = Chromium.start();
        wait = new WebDriverWait(browser, WAIT);
    }

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void slider_movesTheCohort_andALegacyUserBecomesModernThroughTheProxy() throws Exception {
        String user = legacyUser();
        assertThat(servedBy(user)).isEqualTo("legacy");
        signIn(proxy.adminToken(), "Ada");
        screenshot("overview");

        browser.get(proxy.adminUrl() + "/console/rollout");
        WebElement form = browser.findElement(By.id("cohort-everyone"));
        WebElement slider = form.findElement(By.cssSelector("input[type=range]"));
        slider.sendKeys(Keys.END);
        assertThat(form.findElement(By.name("percent")).getDomProperty("value")).isEqualTo("100");
        form.findElement(By.name("reason")).sendKeys("every customer moves to the new system");
        screenshot("rollout");
        form.findElement(By.cssSelector("button[type=submit]")).click();

        WebElement moves = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("moves")));
        assertThat(moves.getText()).contains("to modern").contains("users the plan lists");
        screenshot("rollout-confirm");
        browser.findElement(By.id("confirm")).click();

        assertThat(wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("notice"))).getText())
                .contains("everyone is now at 100.00%");
        await().atMost(WAIT).untilAsserted(() -> assertThat(servedBy(user)).isEqualTo("modern"));
        assertThat(proxy.migrator().states().find(user).await().state()).isEqualTo(UserState.MIGRATED);
        browser.get(proxy.adminUrl() + "/console/audit");
        assertThat(browser.findElement(By.id("audit")).getText())
                .contains("every customer moves to the new system").contains("Ada (token:");
    }

    @Test
    void staleChange_isRefusedWith409_andNothingIsOverwritten() throws Exception {
        signIn(proxy.adminToken(), null);
        browser.get(proxy.adminUrl() + "/console/rollout");
        WebElement form = browser.findElement(By.id("cohort-pilot"));
        WebElement percent = form.findElement(By.name("percent"));
        percent.clear();
        percent.sendKeys("90");
        form.findElement(By.name("reason")).sendKeys("pilot shrinks");
        form.findElement(By.cssSelector("button[type=submit]")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("confirm")));

        assertThat(admin("PUT", "/admin/rollout/pilot", "{\"percent\": 100, \"reason\": \"someone else\"}")
                .statusCode()).isEqualTo(200);
        browser.findElement(By.id("confirm")).click();

        WebElement problem = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("problem")));
        assertThat(problem.getText()).contains("409").contains("stale_version");
        screenshot("conflict");
        assertThat(admin("GET", "/admin/rollout", null).body()).contains("\"runtime\" : 100.0");
    }

    @Test
    void linod_isFoundUnderItsFailingRule_andItsLedgerEntryOpens() throws Exception {
        assertThat(servedBy("LINOD")).isEqualTo("legacy");
        await().atMost(WAIT).until(() -> proxy.migrator().states().find("LINOD").await().state()
                == UserState.INVALID);
        signIn(proxy.adminToken(), null);
        browser.get(proxy.adminUrl() + "/console/failures");
        WebElement row = browser.findElement(By.xpath("//table[@id='rules']//tr[.//a[@class='user' and"
                + " text()='LINOD']]"));
        String rule = row.findElement(By.cssSelector("a.rule")).getText();
        screenshot("failures");
        row.findElement(By.cssSelector("a.rule")).click();

        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("entries")));
        assertThat(browser.getCurrentUrl()).doesNotContain("LINOD");
        browser.findElement(By.xpath("//table[@id='entries']//a[text()='LINOD']")).click();
        WebElement entry = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("details.ledger")));
        assertThat(browser.getCurrentUrl()).doesNotContain("LINOD");
        WebElement violations = entry.findElement(By.cssSelector("ul.violations"));
        assertThat(violations.isDisplayed()).isFalse();
        entry.findElement(By.tagName("summary")).click();
        wait.until(ExpectedConditions.visibilityOf(violations));
        assertThat(violations.getText()).contains(rule);
        assertThat(entry.findElements(By.cssSelector(".side-by-side"))).isNotEmpty();
        ((JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView();", entry);
        screenshot("user");
    }

    @Test
    void rollback_sendsTheUserBackToLegacy_andIsAudited() throws Exception {
        assertThat(servedBy("ANATR")).isEqualTo("modern");
        signIn(proxy.adminToken(), "Grace");
        browser.get(proxy.adminUrl() + "/console/users");
        browser.findElement(By.id("key")).sendKeys("ANATR");
        browser.findElement(By.id("find")).click();
        assertThat(wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("state"))).getText())
                .isEqualTo("MIGRATED");
        assertThat(browser.getCurrentUrl()).doesNotContain("ANATR");
        WebElement migrated = browser.findElement(By.cssSelector("details.ledger"));
        migrated.findElement(By.tagName("summary")).sendKeys(Keys.ENTER);
        WebElement sides = wait.until(ExpectedConditions.visibilityOf(migrated.findElement(By.cssSelector(".sides"))));
        assertThat(sides.findElements(By.cssSelector("mark"))).as("the values the plan transformed are marked")
                .isNotEmpty();
        ((JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView();", migrated);
        screenshot("user-migrated");
        browser.findElement(By.id("rollback")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("rollback-reason")))
                .sendKeys("her invoices print wrongly in the new system");
        browser.findElement(By.id("confirm-rollback")).click();

        assertThat(wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("notice"))).getText())
                .contains("ROLLED_BACK");
        assertThat(browser.findElement(By.id("state")).getText()).isEqualTo("ROLLED_BACK");
        assertThat(servedBy("ANATR")).isEqualTo("legacy");
        browser.get(proxy.adminUrl() + "/console/audit");
        WebElement audit = browser.findElement(By.id("audit"));
        assertThat(audit.findElement(By.cssSelector("tr.rollback")).getText()).contains("ANATR")
                .contains("Grace (token:").contains("her invoices print wrongly");
        screenshot("audit");
    }

    @Test
    void signOut_endsTheSession() {
        signIn(proxy.adminToken(), null);
        browser.findElement(By.id("sign-out")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("token")));
        browser.get(proxy.adminUrl() + "/console/audit");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("token")));
        assertThat(browser.getCurrentUrl()).endsWith("/console/sign-in");
    }

    @Test
    void readOnlyToken_seesEverything_andCannotChangeAnything() throws Exception {
        HttpResponse<String> added = admin("POST", "/admin/tokens", "{\"name\": \"viewer\", \"scope\": \"read\"}");
        assertThat(added.statusCode()).as(added.body()).isEqualTo(201);
        String token = added.body().replaceAll("(?s).*\"token\" : \"([^\"]+)\".*", "$1");
        String before = admin("GET", "/admin/rollout", null).body();
        signIn(token, null);
        assertThat(browser.findElement(By.id("scope")).getText()).isEqualTo("read");
        browser.get(proxy.adminUrl() + "/console/rollout");
        WebElement form = browser.findElement(By.id("cohort-everyone"));
        assertThat(form.findElement(By.cssSelector("button[type=submit]")).isEnabled()).isFalse();
        screenshot("read-only");

        ((JavascriptExecutor) browser).executeScript(
                "arguments[0].querySelector('fieldset').disabled = false;", form);
        form.findElement(By.name("reason")).sendKeys("a viewer tries anyway");
        form.findElement(By.cssSelector("button[type=submit]")).click();
        WebElement problem = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("problem")));
        assertThat(problem.getText()).contains("403").contains("needs scope operate");

        browser.get(proxy.adminUrl() + "/console/users");
        browser.findElement(By.id("key")).sendKeys("ALFKI");
        browser.findElement(By.id("find")).click();
        assertThat(wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("migrate"))).isEnabled())
                .isFalse();
        assertThat(browser.findElement(By.id("rollback")).isEnabled()).isFalse();
        assertThat(admin("GET", "/admin/rollout", null).body()).isEqualTo(before);
    }

    @Test
    void formWithoutItsCsrfToken_isRefused() throws Exception {
        signIn(proxy.adminToken(), null);
        String before = admin("GET", "/admin/rollout", null).body();
        browser.get(proxy.adminUrl() + "/console/rollout");
        WebElement form = browser.findElement(By.id("cohort-pilot"));
        ((JavascriptExecutor) browser).executeScript("arguments[0].querySelector('input[name=csrf]').remove();",
                form);
        form.findElement(By.name("reason")).sendKeys("no token in this form");
        form.findElement(By.cssSelector("button[type=submit]")).click();

        WebElement problem = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("problem")));
        assertThat(problem.getText()).contains("403").contains("CSRF");
        assertThat(admin("GET", "/admin/rollout", null).body()).isEqualTo(before);
    }

    @Test
    void overview_fitsAPhone() throws Exception {
        signIn(proxy.adminToken(), null);
        browser.manage().window().setSize(new Dimension(390, 844));
        browser.navigate().refresh();
        WebElement cohorts = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("cohorts")));
        Object scrollWidth = ((JavascriptExecutor) browser).executeScript(
                "return document.documentElement.scrollWidth;");
        assertThat(((Number) scrollWidth).intValue()).isLessThanOrEqualTo(390);
        assertThat(cohorts.isDisplayed()).isTrue();
        screenshot("overview-phone");
    }

    private void signIn(String token, String person) {
        browser.get(proxy.adminUrl() + "/console/");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("token"))).sendKeys(token);
        if (person != null) {
            browser.findElement(By.id("person")).sendKeys(person);
        }
        browser.findElement(By.id("sign-in")).click();
        try {
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("live")));
        } catch (TimeoutException e) {
            throw new AssertionError("not signed in: " + browser.getCurrentUrl() + "\n" + browser.getPageSource(), e);
        }
        assertThat(browser.getCurrentUrl()).doesNotContain(token);
    }

    /** Who answered the user's profile through the proxy: the X-Served-By header. */
    private static String servedBy(String user) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(proxy.url() + "/api/customers/"
                + user)).GET().build(), HttpResponse.BodyHandlers.ofString());
        return response.headers().firstValue("X-Served-By").orElse("none (" + response.statusCode() + ")");
    }

    private static HttpResponse<String> admin(String method, String path, String body)
            throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(proxy.adminUrl() + path))
                .header("Authorization", "Bearer " + proxy.adminToken())
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The first Northwind customer the demo's rollout leaves on legacy, not a pilot customer. */
    private static String legacyUser() {
        RoutingTable table = proxy.config().routingTable();
        List<String> users = proxy.migrator().reports().legacyUsers().await();
        return users.stream().filter(key -> table.decideRollout(key, RequestFacts.of("GET", "/api/customers/" + key),
                UserStatus.NEW).upstream() == Upstream.LEGACY).findFirst().orElseThrow();
    }

    private void screenshot(String name) throws IOException {
        Path docs = Chromium.screenshots();
        Files.write(docs.resolve(name + ".png"), browser.getScreenshotAs(OutputType.BYTES));
    }
}
