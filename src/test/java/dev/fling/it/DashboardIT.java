package dev.fling.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fling.testing.Browser;
import dev.fling.testing.EventLog;
import dev.fling.testing.FlingProcess;
import dev.fling.testing.KafkaBroker;
import dev.fling.testing.LocalClusters;
import dev.fling.testing.RequestSender;
import dev.fling.testing.Requests;
import io.cloudevents.CloudEvent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard as a person uses it, in a real headless Chromium against the packaged Fling with
 * the local runtime (real Flink clusters) and a real broker: jobs appear and change state live,
 * the buttons send requests through the same admission as everyone else, and with authentication
 * on the page shows nothing until it has a token; killed and restarted, Fling gets the page back
 * by itself. Screenshots land in target/dashboard/.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardIT {

    private static final String WORK = Path.of("target", "dashboard-it", Long.toString(ProcessHandle.current().pid()))
            .toAbsolutePath().toString();
    private static final Duration CLUSTER_TIME = Duration.ofSeconds(120);
    private static final String TOKEN = "dashboard-s3cret";

    private static KafkaBroker kafka;
    private static FlingProcess fling;
    private static Browser browser;
    private static RequestSender requests;
    private static EventLog events;

    @BeforeAll
    static void start() throws Exception {
        kafka = KafkaBroker.shared();
        kafka.createTopics(1, "dashboard.requests", "dashboard.events", "dashboard.dlq");
        fling = FlingProcess.start("dashboard", environment("dashboard", "/local"));
        requests = new RequestSender(kafka.bootstrapServers(), "dashboard.requests");
        events = new EventLog(kafka.bootstrapServers(), "dashboard.events");
        browser = Browser.headless(1280, 800);
        fling.awaitReady();
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) {
            browser.close();
        }
        if (events != null) {
            events.close();
        }
        if (requests != null) {
            requests.close();
        }
        if (fling != null) {
            fling.close();
        }
        LocalClusters.stopAllUnder(WORK);
    }

    private static Map<String, String> environment(String prefix, String work) {
        Map<String, String> environment = new HashMap<>(Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
                "FLING_RUNTIME", "local",
                "FLING_LOCAL_WORK_DIRECTORY", WORK + work,
                "FLING_LOCAL_POLL_INTERVAL", "300ms",
                "FLING_LOCAL_WARM_POOL_SIZE", "0", // the cold path: WarmPoolIT covers the warm one
                "FLING_REQUESTS_TOPIC", prefix + ".requests",
                "FLING_EVENTS_TOPIC", prefix + ".events",
                "FLING_DEAD_LETTER_TOPIC", prefix + ".dlq",
                "FLING_CONSUMER_GROUP", prefix + "-it"));
        return environment;
    }

    @Test
    @Order(1)
    void aLaunchedJobAppearsTurnsRunningThenSucceededWithoutAReload() throws Exception {
        ChromeDriver page = browser.driver();
        page.get(fling.url() + "/");
        assertThat(page.getCurrentUrl()).as("Fling's address opens the dashboard").isEqualTo(fling.url() + "/ui/");
        awaitText(page, By.id("connection"), "live");
        page.executeScript("window.flingSamePage = true;"
                + "window.seenStates = {};"
                + "new MutationObserver(() => document.querySelectorAll('#jobs-body tr').forEach(row => {"
                + "  const state = row.querySelector('.state').textContent;"
                + "  const seen = window.seenStates[row.dataset.job] || (window.seenStates[row.dataset.job] = []);"
                + "  if (seen[seen.length - 1] !== state) seen.push(state);"
                + "})).observe(document.getElementById('jobs-body'), {childList: true, subtree: true});");

        CloudEvent launch = Requests.launch(Requests.launchData("name", "shown", "jarURI", LocalClusters.examplesJar(),
                "entryClass", "dev.fling.examples.StreamingCounter", "args", List.of("--records", "400", "--rate", "50"),
                "labels", Map.of("team", "data")));
        requests.sendBinary(launch);
        String job = Requests.jobName(launch, "shown");

        WebDriverWait wait = new WebDriverWait(page, CLUSTER_TIME);
        wait.until(driver -> "succeeded".equals(stateOf(driver, job)));
        @SuppressWarnings("unchecked")
        List<String> seen = (List<String>) page.executeScript("return window.seenStates[arguments[0]];", job);
        assertThat(seen).as("the states the row went through; the events: %s", events.forJob(job).stream()
                        .map(event -> event.getType() + "@" + event.getTime()).toList()).containsSubsequence("running", "succeeded");
        assertThat(seen.get(0)).isIn("accepted", "deploying", "running");
        assertThat(page.executeScript("return window.flingSamePage === true;")).as("no reload").isEqualTo(true);
        WebElement row = page.findElement(By.cssSelector("#jobs-body tr[data-job='" + job + "']"));
        assertThat(row.getText()).contains("/tests/workflow", "team=data");
        assertThat(page.findElement(By.id("fig-succeeded")).getText()).isEqualTo("1");

        Select state = new Select(page.findElement(By.id("filter-state")));
        state.selectByVisibleText("running");
        wait.until(driver -> driver.findElements(By.cssSelector("#jobs-body tr")).isEmpty());
        state.selectByVisibleText("succeeded");
        wait.until(driver -> driver.findElements(By.cssSelector("#jobs-body tr")).size() == 1);
        browser.screenshot("jobs");
        assertThat(browser.consoleErrors()).as("console errors").isEmpty();
    }

    @Test
    @Order(2)
    void theButtonsSendRequestsARejectionShowsItsReasonAndACancelShowsTheSavepoint() throws Exception {
        CloudEvent launch = Requests.launch(Requests.launchData("name", "steered", "jarURI", LocalClusters.examplesJar(),
                "entryClass", "dev.fling.examples.StreamingCounter", "parallelism", 1));
        requests.sendBinary(launch);
        String job = Requests.jobName(launch, "steered");
        events.awaitWithin(job, "dev.fling.job.started", CLUSTER_TIME);

        ChromeDriver page = browser.driver();
        page.get(fling.url() + "/ui/#job=" + job);
        WebDriverWait wait = new WebDriverWait(page, CLUSTER_TIME);
        awaitText(page, By.id("job-state"), "running");
        wait.until(driver -> driver.findElement(By.id("timeline")).getText().contains("started"));
        assertThat(page.findElement(By.id("timeline")).getText()).contains("accepted", "launch accepted by the local runtime");
        assertThat(page.findElement(By.id("flink-ui")).findElement(By.tagName("a")).getAttribute("href"))
                .startsWith("http://localhost:");
        wait.until(driver -> !driver.findElement(By.id("jobmanager-log")).getText().isBlank());

        assertThat(tabStops(page)).as("the buttons are reachable with the keyboard")
                .contains("rescale", "savepoint", "cancel", "cancel-savepoint");

        WebElement parallelism = page.findElement(By.id("rescale-to"));
        parallelism.clear();
        parallelism.sendKeys("1");
        page.findElement(By.id("rescale")).click();
        awaitText(page, By.id("answer"), "Rejected (INVALID_STATE)");
        browser.screenshot("job-rejected-rescale");

        page.findElement(By.id("cancel-savepoint")).click();
        awaitText(page, By.id("answer"), "cancel accepted");
        CloudEvent cancelled = events.awaitWithin(job, "dev.fling.job.cancelled", CLUSTER_TIME);
        String savepoint = EventLog.data(cancelled).path("savepointPath").asText();
        assertThat(savepoint).isNotBlank();
        awaitText(page, By.id("job-state"), "cancelled");
        wait.until(driver -> driver.findElement(By.id("timeline")).getText().contains("savepoint " + savepoint));
        assertThat(page.findElement(By.id("connection")).getText()).isEqualTo("the job has ended");
        assertThat(page.findElement(By.id("cancel")).isEnabled()).as("no actions for an ended job").isFalse();
        browser.screenshot("job");

        browser.resize(390, 800);
        assertThat(page.executeScript("return document.documentElement.scrollWidth <= window.innerWidth + 1;"))
                .as("nothing wider than a narrow window").isEqualTo(true);
        browser.screenshot("job-narrow");
        browser.resize(1280, 800);
        assertThat(browser.consoleErrors()).as("console errors, the rejected rescale's 400 aside")
                .containsExactly(fling.url() + "/ - Failed to load resource: the server responded with a status of 400 (Bad Request)");
    }

    @Test
    @Order(3)
    void withAuthenticationOnThePageShowsNothingButThePromptUntilItHasAToken() throws Exception {
        Map<String, String> environment = environment("dashboard-auth", "/auth");
        environment.put("FLING_HTTP_AUTH_MODE", "token");
        environment.put("FLING_HTTP_AUTH_TOKENS", TOKEN);
        kafka.createTopics(1, "dashboard-auth.requests", "dashboard-auth.events", "dashboard-auth.dlq");
        try (FlingProcess guarded = FlingProcess.start("dashboard-auth", environment)) {
            guarded.awaitReady();
            ChromeDriver page = browser.driver();
            page.get(guarded.url() + "/ui/");
            WebDriverWait wait = new WebDriverWait(page, Duration.ofSeconds(30));
            wait.until(driver -> driver.findElement(By.id("login")).isDisplayed());
            assertThat(page.findElement(By.id("jobs-view")).isDisplayed()).isFalse();
            assertThat(page.findElements(By.cssSelector("#jobs-body tr"))).isEmpty();
            browser.screenshot("login");

            page.findElement(By.id("token")).sendKeys("not-the-token", Keys.ENTER);
            awaitText(page, By.id("login-reason"), "did not accept");
            assertThat(page.findElement(By.id("jobs-view")).isDisplayed()).isFalse();

            page.findElement(By.id("token")).sendKeys(TOKEN, Keys.ENTER);
            awaitText(page, By.id("connection"), "live");
            assertThat(page.findElement(By.id("jobs-view")).isDisplayed()).isTrue();
            assertThat(page.findElement(By.id("login")).isDisplayed()).isFalse();
            assertThat(browser.consoleErrors()).as("console errors, the refused requests aside")
                    .allMatch(message -> message.contains("401"));
            page.executeScript("sessionStorage.clear();");
            page.get("about:blank");
        }
    }

    @Test
    @Order(4)
    void afterFlingIsKilledAndRestartedThePageReconnectsByItself() throws Exception {
        ChromeDriver page = browser.driver();
        page.get(fling.url() + "/ui/");
        awaitText(page, By.id("connection"), "live");
        page.executeScript("window.flingSamePage = true;");
        browser.consoleErrors(); // what earlier tests left

        int port = fling.port();
        fling.kill();
        awaitText(page, By.id("connection"), "reconnecting");
        fling = FlingProcess.start("dashboard-restarted", environment("dashboard", "/local"), port);
        fling.awaitReady();
        awaitText(page, By.id("connection"), "live");

        CloudEvent launch = Requests.launch(Requests.launchData("name", "after-restart", "jarURI",
                LocalClusters.examplesJar(), "entryClass", "dev.fling.examples.StreamingCounter",
                "args", List.of("--records", "100", "--rate", "50")));
        requests.sendBinary(launch);
        String job = Requests.jobName(launch, "after-restart");
        new WebDriverWait(page, CLUSTER_TIME).until(driver -> stateOf(driver, job) != null);
        assertThat(page.executeScript("return window.flingSamePage === true;")).as("no reload").isEqualTo(true);
        events.awaitWithin(job, "dev.fling.job.succeeded", CLUSTER_TIME);
        new WebDriverWait(page, CLUSTER_TIME).until(driver -> "succeeded".equals(stateOf(driver, job)));
        assertThat(browser.consoleErrors()).as("console errors, the stream cut by the kill and the refused "
                + "reconnections while Fling was down aside").allMatch(message -> message.contains("/events - ")
                && (message.endsWith("ERR_CONNECTION_REFUSED") || message.endsWith("ERR_INCOMPLETE_CHUNKED_ENCODING")));
    }

    private static String stateOf(WebDriver driver, String job) {
        // Read in the page: the list re-renders rows as events arrive, so a held element goes stale.
        return (String) ((JavascriptExecutor) driver).executeScript(
                "const cell = document.querySelector(\"#jobs-body tr[data-job='\" + arguments[0] + \"'] .state\");"
                        + "return cell ? cell.textContent : null;", job);
    }

    private static void awaitText(WebDriver driver, By element, String text) {
        new WebDriverWait(driver, CLUSTER_TIME).withMessage(() -> element + " shows '" + text + "'")
                .ignoring(StaleElementReferenceException.class)
                .until(d -> d.findElement(element).getText().contains(text));
    }

    /** The ids of the elements the Tab key reaches, in order, starting from the top of the page. */
    private static List<String> tabStops(ChromeDriver page) {
        page.executeScript("document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0);");
        WebElement body = page.findElement(By.tagName("body"));
        body.sendKeys(Keys.TAB);
        List<String> stops = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            WebElement active = page.switchTo().activeElement();
            stops.add(active.getAttribute("id"));
            active.sendKeys(Keys.TAB);
        }
        return stops;
    }
}
