package org.phirecords.it.support;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.stream.Collectors;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;

/**
 * Checks of a page as it stands in the browser: axe-core (the npm package, from the test classpath,
 * injected by the test and never served by the page) and horizontal overflow.
 */
public final class Pages {
  private static final String AXE = axeSource();

  private Pages() {}

  /** Fails, naming each rule and its targets, if axe-core finds a serious or critical violation. */
  public static void assertAccessible(WebDriver driver, String page) {
    JavascriptExecutor js = (JavascriptExecutor) driver;
    driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(60));
    js.executeScript(AXE);
    String json =
        (String)
            js.executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                    + "axe.run(document, {resultTypes: ['violations']})"
                    + ".then(r => done(JSON.stringify(r.violations)),"
                    + " e => done(JSON.stringify([{id: 'axe-error', impact: 'critical',"
                    + " nodes: [{target: [String(e)]}]}])));");
    JsonArray violations = Json.createReader(new StringReader(json)).readArray();
    List<String> serious =
        violations.getValuesAs(JsonObject.class).stream()
            .filter(v -> List.of("serious", "critical").contains(v.getString("impact", "")))
            .map(
                v ->
                    v.getString("impact")
                        + " "
                        + v.getString("id")
                        + " at "
                        + v.getJsonArray("nodes").getValuesAs(JsonObject.class).stream()
                            .map(n -> n.get("target").toString())
                            .collect(Collectors.joining(", ")))
            .toList();
    assertThat(serious).as("axe-core serious/critical violations on " + page).isEmpty();
  }

  /**
   * Fails if the page is wider than the window, so that the reader would have to scroll sideways.
   */
  public static void assertNoHorizontalOverflow(WebDriver driver, String page) {
    Object widths =
        ((JavascriptExecutor) driver)
            .executeScript(
                "return [document.documentElement.scrollWidth, window.innerWidth].join(' ');");
    String[] w = widths.toString().split(" ");
    assertThat(Integer.parseInt(w[0]))
        .as("scrollWidth of " + page + " at innerWidth " + w[1])
        .isLessThanOrEqualTo(Integer.parseInt(w[1]));
  }

  private static String axeSource() {
    ClassLoader loader = Pages.class.getClassLoader();
    try (InputStream pom =
        loader.getResourceAsStream("META-INF/maven/org.webjars.npm/axe-core/pom.properties")) {
      assertThat(pom).as("axe-core webjar on the test classpath").isNotNull();
      Properties properties = new Properties();
      properties.load(pom);
      String path =
          "META-INF/resources/webjars/axe-core/"
              + properties.getProperty("version").trim()
              + "/axe.min.js";
      try (InputStream axe = loader.getResourceAsStream(path)) {
        assertThat(axe).as(path).isNotNull();
        return new String(axe.readAllBytes(), StandardCharsets.UTF_8);
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
