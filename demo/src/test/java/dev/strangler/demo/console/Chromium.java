package dev.strangler.demo.console;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/** Debian's chromium and chromedriver, headless at 1280x800, for the console's browser tests. */
final class Chromium {

    static final Path BROWSER = Path.of("/usr/bin/chromium");
    static final Path DRIVER = Path.of("/usr/bin/chromedriver");

    private Chromium() {
    }

    /** Skips the calling test class, saying why, unless both binaries are installed. */
    static void assumeInstalled() {
        Assumptions.assumeTrue(Files.isExecutable(BROWSER) && Files.isExecutable(DRIVER),
                "the console's browser tests need " + BROWSER + " and " + DRIVER
                        + " (Debian packages chromium and chromium-driver; .ci/run installs them)");
    }

    static ChromeDriver start() {
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort().build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BROWSER.toFile());
        // --no-sandbox: CI runs as root, where chromium refuses its sandbox.
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1280,800", "--lang=en-GB");
        return new ChromeDriver(service, options);
    }

    /**
     * Where the tests save their screenshots: {@code target/console-screenshots} of the module, so a build never
     * changes tracked files; with {@code -Dstrangler.screenshots=docs}, {@code docs/console} of the checkout, where
     * the README finds them (how they are refreshed).
     */
    static Path screenshots() throws IOException {
        Path module = Path.of("").toAbsolutePath();
        Path directory;
        if ("docs".equals(System.getProperty("strangler.screenshots"))) {
            Path root = Files.exists(module.resolve("docs")) ? module : module.getParent();
            directory = root.resolve("docs").resolve("console");
        } else {
            directory = module.resolve("target").resolve("console-screenshots");
        }
        Files.createDirectories(directory);
        return directory;
    }
}
