package dev.doitlive.itest;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The page in a real browser (Debian's headless Chromium through its chromedriver) against the packaged runtime
 * running the example light show: the strip moves, a slider sets a field, a source saved in the editor goes live, a
 * syntax error is marked at its line, the revert button reverts. Skipped, and says so, where Chromium is missing.
 */
class StageBrowserIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Path EXAMPLES = Path.of("../bundles/examples").toAbsolutePath();
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path DRIVER = Path.of("/usr/bin/chromedriver");

    @TempDir
    Path dir;
    RuntimeProcess runtime;
    ChromeDriver browser;

    @BeforeEach
    void start() throws Exception {
        boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER);
        if (!present) {
            System.err.println("StageBrowserIT skipped: no " + CHROMIUM + " or " + DRIVER
                    + " (apt-get install chromium chromium-driver; .ci/run installs them)");
        }
        Assumptions.assumeTrue(present, "needs Debian's chromium and chromium-driver (.ci/run installs them)");
        Path load = Files.createDirectories(dir.resolve("load"));
        Path show = EXAMPLES.resolve("show");
        Files.copy(show.resolve("api/target/example.show.api-0.1.0-SNAPSHOT.jar"), load.resolve("show-api.jar"));
        for (String p : List.of("solid", "wave", "bounce")) {
            Files.copy(show.resolve(p + "/target/example.show." + p + "-0.1.0-SNAPSHOT.jar"), load.resolve(p + ".jar"));
        }
        Files.copy(show.resolve("loop/target/example.show.loop-0.1.0-SNAPSHOT.jar"), load.resolve("show.jar"));
        runtime = RuntimeProcess.start(dir, RuntimeProcess.CONFIG, WAIT, "--storage", "store", "--watch", "load", "--web-port", "0");
        Matcher web = Pattern.compile("web\\s+(http://127\\.0\\.0\\.1:\\d+/\\?token=[0-9a-f]+)").matcher(runtime.stderrText());
        assertTrue(web.find(), "the banner prints the page's address:\n" + runtime.stderrText());

        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toString()).addArguments("--headless", "--no-sandbox",
                "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--window-size=1400,1200", "--user-data-dir=" + Files.createDirectories(dir.resolve("chromium")));
        browser = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile()).build(), options);
        browser.manage().timeouts().scriptTimeout(WAIT);
        browser.get(web.group(1));
    }

    @AfterEach
    void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (runtime != null) {
            runtime.close();
        }
    }

    @Test
    void thePageShowsTheShowAndChangesIt() throws Exception {
        assertFalse(browser.getCurrentUrl().contains("token="), "the token left the address bar: " + browser.getCurrentUrl());
        WebElement card = until(() -> first(By.cssSelector("article.card[data-name=show]")), "the show's card");
        until(() -> first(By.cssSelector("article.card[data-loop=show] .badge")).getText().equals("RUNNING") ? true : null,
                "the show's loop running");

        // The strip is drawn from the frames the show writes: two shots of it differ.
        WebElement strip = until(() -> first(By.cssSelector("canvas[data-strip=show]")), "the strip");
        byte[] before = strip.getScreenshotAs(OutputType.BYTES);
        until(() -> Arrays.equals(before, strip.getScreenshotAs(OutputType.BYTES)) ? null : true, "the strip to move");

        // A slider is live:set: Home takes brightness to its slider's low end, 0.
        WebElement brightness = card.findElement(By.cssSelector("input[type=range][data-field=brightness]"));
        brightness.sendKeys(Keys.HOME);
        until(() -> runtime.run("live:state show", WAIT).contains("brightness  = 0.0") ? true : null, "brightness 0");
        brightness.sendKeys(Keys.END);
        until(() -> runtime.run("live:state show", WAIT).contains("brightness  = 1.0") ? true : null, "brightness 1");

        // A new source from the page (live:new), edited and saved: it goes live as seq 2.
        click(browser.findElement(By.id("new")));
        browser.findElement(By.id("new-name")).sendKeys("sparkle");
        click(browser.findElement(By.id("new-ok")));
        until(() -> "Sparkle.java".equals(editorFile()) ? true : null, "the new source open in the editor");
        String starter = (String) js("return document.querySelector('.CodeMirror').CodeMirror.getValue()");
        assertTrue(starter.contains("@Refreshable(name = \"sparkle\")"), starter);
        js("document.querySelector('.CodeMirror').CodeMirror.setValue(arguments[0])", starter.replace("A dot running", "A dot racing"));
        click(browser.findElement(By.id("save")));
        until(() -> runtime.run("live:history sparkle", WAIT).contains("*    2") ? true : null, "sparkle v2 live");
        until(() -> browser.findElement(By.id("editor-status")).getText().contains("is live: sparkle v2") ? true : null,
                "the editor to say it is live");

        // A syntax error: marked at its line, and v2 stays live.
        String[] lines = starter.split("\n", -1);
        int broken = Arrays.asList(lines).indexOf(Arrays.stream(lines).filter(l -> l.contains("private double position")).findFirst().orElseThrow());
        lines[broken] = lines[broken].replace(";", "");
        js("document.querySelector('.CodeMirror').CodeMirror.setValue(arguments[0])", String.join("\n", lines));
        click(browser.findElement(By.id("save")));
        until(() -> js("return document.querySelector('.CodeMirror').CodeMirror.lineInfo(arguments[0]).bgClass", broken) instanceof String s
                && s.contains("cm-error-line") ? true : null, "line " + (broken + 1) + " marked");
        assertTrue(browser.findElement(By.id("editor-status")).getText().contains("line " + (broken + 1)),
                browser.findElement(By.id("editor-status")).getText());
        assertTrue(runtime.run("live:history sparkle", WAIT).contains("*    2"), "the live version stays");

        // The revert button is live:revert.
        WebElement sparkle = until(() -> first(By.cssSelector("article.card[data-name=sparkle]")), "sparkle's card");
        until(() -> sparkle.findElement(By.xpath(".//button[text()='Revert']")).isEnabled() ? true : null, "revert enabled");
        click(sparkle.findElement(By.xpath(".//button[text()='Revert']")));
        until(() -> runtime.run("live:history sparkle", WAIT).contains("*    1") ? true : null, "sparkle back at v1");
        until(() -> browser.findElement(By.id("message")).getText().contains("seq 1") ? true : null, "the revert's line in the page");
        String shot = System.getProperty("doitlive.screenshot");
        if (shot != null) { // for the README: -Ddoitlive.screenshot=FILE.png
            js("window.scrollTo(0, 0)");
            Files.write(Path.of(shot), browser.getScreenshotAs(OutputType.BYTES));
        }
    }

    /** Clicks as a user does once the element is in sight: scrolled to the middle, clear of the header that stays on top. */
    private void click(WebElement e) {
        js("arguments[0].scrollIntoView({block: 'center'})", e);
        e.click();
    }

    private String editorFile() {
        return (String) js("return document.getElementById('file').value");
    }

    private Object js(String script, Object... args) {
        return ((JavascriptExecutor) browser).executeScript(script, args);
    }

    private WebElement first(By by) {
        List<WebElement> all = browser.findElements(by);
        return all.isEmpty() ? null : all.get(0);
    }

    interface Probe<T> {
        T get() throws Exception;
    }

    /** Waits for a non-null answer: the page updates on its own time. */
    private <T> T until(Probe<T> probe, String what) {
        Object[] found = new Object[1];
        Await.until(() -> {
            try {
                found[0] = probe.get();
            } catch (RuntimeException | AssertionError e) {
                found[0] = null;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return found[0] != null;
        }, WAIT, () -> what + "; the page says: " + browser.findElement(By.id("message")).getText() + "\n" + runtime.stderrText());
        @SuppressWarnings("unchecked")
        T t = (T) found[0];
        return t;
    }
}
