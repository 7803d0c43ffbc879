package dev.tractor.demo.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tractor.testing.NoLeaks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;

/**
 * The demo's page in a real headless browser (the system's Chromium, Debian's {@code chromium} and
 * {@code chromium-driver}; {@code scripts/test.sh} installs them where it can): it draws the live actor tree with
 * the child actors and their PIDs, and a job started from the page runs to its count. A screenshot of the page is
 * kept in the test report ({@code target/surefire-reports/demo-page.png}).
 */
@ExtendWith(NoLeaks.PerClass.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"tractor.registry.port=0", "demo.workers=2", "demo.limit=100000"})
@DirtiesContext
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DemoPageBrowserTests {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path DRIVER = Path.of("/usr/bin/chromedriver");

    @LocalServerPort
    private int port;

    private ChromeDriver browser;

    @BeforeEach
    void openTheBrowser() {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER),
                "no system Chromium (chromium and chromium-driver): scripts/test.sh installs them where it can");
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile())
                .addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1400,1000");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
    }

    @AfterEach
    void closeTheBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void thePageDrawsTheLiveTreeAndRunsAJob() throws Exception {
        browser.get("http://127.0.0.1:" + port + "/");
        // the page redraws the live tree and the jobs table as they change: an element read mid-redraw is looked up again
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
        wait.ignoring(StaleElementReferenceException.class);
        WebElement root = wait.until(b -> b.findElement(By.id("root-actor")));
        assertThat(root.getText()).contains("demo").contains("pid " + ProcessHandle.current().pid());
        String worker = wait.until(b -> {
            List<WebElement> found = b.findElements(By.cssSelector("#root-actor .child[data-name='worker']"));
            return found.isEmpty() ? null : found.getFirst().getText();
        });
        assertThat(worker).contains("worker").contains("pid ").contains("running");

        browser.findElement(By.id("workers")).clear();
        browser.findElement(By.id("workers")).sendKeys("2");
        browser.findElement(By.id("limit")).clear();
        browser.findElement(By.id("limit")).sendKeys("100000");
        int before = browser.findElements(By.cssSelector("#jobs tr.job")).size();
        browser.findElement(By.cssSelector("#start button")).click();
        wait.withTimeout(Duration.ofSeconds(60)).until(b -> {
            List<WebElement> rows = b.findElements(By.cssSelector("#jobs tr.job"));
            return rows.size() > before && rows.getLast().getText().contains("done")
                    && rows.getLast().getText().contains("9592");
        });
        Path shot = Path.of("target", "surefire-reports", "demo-page.png");
        Files.createDirectories(shot.getParent());
        Files.write(shot, browser.getScreenshotAs(OutputType.BYTES));
        assertThat(Files.size(shot)).isPositive();
    }
}
