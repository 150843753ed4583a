package org.phirecords.it.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real headless Chromium (Debian's chromium and chromedriver, installed by .ci/run), with its
 * downloads in a fresh folder and screenshots kept in target/screenshots.
 */
public final class Browser implements AutoCloseable {
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

  public final WebDriver driver;
  public final WebDriverWait wait;
  public final Path downloads;

  /** Opens a browser window of {@code width} x {@code height} CSS pixels, in English. */
  public Browser(int width, int height) throws Exception {
    this(width, height, "en-US");
  }

  /**
   * Opens a browser window of {@code width} x {@code height} CSS pixels whose user prefers {@code
   * language} (Accept-Language and navigator.languages).
   */
  public Browser(int width, int height, String language) throws Exception {
    assertThat(CHROMIUM).as("Chromium is required (.ci/run installs it)").exists();
    downloads = Files.createTempDirectory("downloads");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=" + width + "," + height,
        "--lang=" + language,
        "--user-data-dir=" + Files.createTempDirectory("chromium"));
    options.setExperimentalOption(
        "prefs",
        Map.of(
            "download.default_directory",
            downloads.toString(),
            "download.prompt_for_download",
            false,
            "intl.accept_languages",
            language));
    ChromeDriverService service =
        new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).build();
    driver = new ChromeDriver(service, options);
    wait = new WebDriverWait(driver, Duration.ofSeconds(15));
  }

  /** Keeps a screenshot named {@code name} as a test artifact. */
  public void screenshot(String name) throws Exception {
    Path dir = Path.of(System.getProperty("it.screenshots"));
    Files.createDirectories(dir);
    File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
    Files.copy(shot.toPath(), dir.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
  }

  @Override
  public void close() {
    driver.quit();
  }
}
