package org.phirecords.it;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonObject;
import java.io.File;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.phirecords.it.support.Browser;
import org.phirecords.it.support.Http;
import org.phirecords.it.support.Http.Reply;
import org.phirecords.it.support.Pages;
import org.phirecords.it.support.Seed;
import org.phirecords.it.support.Stores;
import org.phirecords.it.support.Tokens;

/**
 * Saved analytics queries and the charts page of records-web (ADR 45) in a real headless Chromium:
 * an analyst saves a query, the page runs it and draws it with the ECharts served by the WAR, its
 * table equals the API's answer and suppressed cells read "suppressed", never 0. Other tenants and
 * other roles reach none of it.
 */
@ExtendWith({Stores.class, ArquillianExtension.class})
class AnalyticsPageIT {
  private static final String TENANT = "it-analytics-page";
  private static final String OTHER = "it-analytics-other";
  private static final String ICD = "http://hl7.org/fhir/sid/icd-10-cm";

  @Deployment(testable = false)
  static WebArchive recordsWeb() {
    return ShrinkWrap.createFromZipFile(
        WebArchive.class, new File(System.getProperty("it.wars"), "records-web.war"));
  }

  @ArquillianResource URL base;
  Browser window;
  WebDriver browser;
  WebDriverWait wait;

  @BeforeEach
  void openBrowser() throws Exception {
    window = new Browser(1200, 1400);
    browser = window.driver;
    wait = window.wait;
  }

  @AfterEach
  void closeBrowser() {
    if (window != null) {
      window.close();
    }
  }

  static String query(String... codes) {
    List<String> listed = new ArrayList<>();
    for (String c : codes) {
      listed.add("{\"system\":\"" + ICD + "\",\"code\":\"" + c + "\"}");
    }
    return """
        {"measure":"entries","dimensions":["code"],"from":"2026-01-01","to":"2026-12-31",
         "codes":[%s],"purposeOfUse":"HOPERAT"}
        """
        .formatted(String.join(",", listed));
  }

  static void assertProblem(Reply r, int status, String code) {
    assertThat(r.status()).as(r.toString()).isEqualTo(status);
    assertThat(r.problemCode()).as(r.toString()).isEqualTo(code);
  }

  @Test
  void anAnalystRunsASavedQueryAsAChartAndATableWithSuppressedCellsMarked() throws Exception {
    Seed.tenant(TENANT);
    Seed.tenant(OTHER);
    Http http = new Http(base);
    String physician = Tokens.of(Tokens.subject("physician"), "physician").tenant(TENANT).sign();
    // 13 entries of J45.909 and 12 of E11.9 for one patient, 3 of I10 for another: I10 is under
    // the threshold, and E11.9, the smallest shown cell of the table's line, is suppressed with it.
    String[] patients = new String[2];
    for (int p = 0; p < 2; p++) {
      Reply created = http.call("POST", "api/patients", physician).json(Seed.patientJson()).send();
      assertThat(created.status()).as(created.toString()).isEqualTo(201);
      patients[p] = created.json().getString("id");
    }
    entries(http, physician, patients[0], "J45.909", 13);
    entries(http, physician, patients[0], "E11.9", 12);
    entries(http, physician, patients[1], "I10", 3);

    String analyst = Tokens.of(Tokens.subject("analyst"), "analyst").tenant(TENANT).sign();
    String model = query("J45.909", "E11.9", "I10");
    Reply saved =
        http.call("POST", "api/analytics/saved-queries", analyst)
            .json("{\"name\":\"Asthma, diabetes, hypertension\",\"query\":" + model + "}")
            .send();
    assertThat(saved.status()).as(saved.toString()).isEqualTo(201);
    String id = saved.json().getString("id");
    refusals(http, analyst, physician, id, model);

    Reply api = http.call("POST", "api/analytics/saved-queries/" + id + "/run", analyst).send();
    assertThat(api.status()).as(api.toString()).isEqualTo(200);
    JsonObject answer = api.json();
    assertThat(answer.getInt("suppressed")).isEqualTo(2);

    browser.get(base + "analytics/index.html");
    browser.findElement(By.id("token")).sendKeys(analyst);
    browser.findElement(By.id("use-token")).click();
    wait.until(ExpectedConditions.textToBe(By.id("status"), "Choose a saved query and run it."));
    browser.findElement(By.id("run")).click();
    wait.until(ExpectedConditions.textToBe(By.id("status"), "Shown: 3 cells, 2 suppressed."));
    window.screenshot("analytics-chart");
    Pages.assertAccessible(window.driver, "the analytics page with a chart");

    // The chart: ECharts (from the WAR's WebJar) drew bars on its canvas.
    Object painted =
        ((JavascriptExecutor) browser)
            .executeScript(
                "const c = document.querySelector('#chart canvas');"
                    + "if (!c || typeof echarts === 'undefined') { return -1; }"
                    + "const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;"
                    + "let n = 0; for (let i = 3; i < d.length; i += 4) { if (d[i] > 0) n++; }"
                    + "return n;");
    assertThat(((Number) painted).longValue()).as("painted pixels").isGreaterThan(1000);

    // The table: one row per cell of the API's answer, in its order, suppressed ones marked.
    List<WebElement> rows = browser.findElements(By.cssSelector("#cells tbody tr"));
    assertThat(rows).hasSize(answer.getJsonArray("cells").size());
    for (int i = 0; i < rows.size(); i++) {
      JsonObject cell = answer.getJsonArray("cells").getJsonObject(i);
      List<WebElement> tds = rows.get(i).findElements(By.tagName("td"));
      assertThat(tds.get(0).getText()).isEqualTo(cell.getJsonArray("values").getString(0));
      WebElement count = tds.get(1);
      if (cell.getBoolean("suppressed")) {
        assertThat(count.getText()).isEqualTo("suppressed");
        assertThat(count.getAttribute("data-suppressed")).isEqualTo("true");
      } else {
        assertThat(count.getText()).isEqualTo(String.valueOf(cell.getInt("value")));
      }
    }
    assertThat(browser.findElement(By.id("cells")).getText()).contains("|J45.909 13");
    assertThat(
            browser.findElements(By.cssSelector("#cells td.count")).stream()
                .map(WebElement::getText))
        .doesNotContain("0")
        .filteredOn("suppressed"::equals)
        .hasSize(2);
    assertThat(browser.findElement(By.id("total")).getText())
        .isEqualTo(String.valueOf(answer.getInt("total")));
    assertThat(browser.findElement(By.id("query-id")).getText())
        .hasSize(64)
        .isNotEqualTo(answer.getString("queryId"));
  }

  private static void entries(Http http, String token, String patient, String code, int n) {
    for (int i = 0; i < n; i++) {
      Reply r =
          http.call("POST", "api/patients/" + patient + "/entries", token)
              .json(Seed.conditionJson(code, "Page note " + i))
              .send();
      assertThat(r.status()).as(r.toString()).isEqualTo(201);
    }
  }

  /** Names of another form, a name taken, unknown ids, other roles and tenants: refused. */
  private static void refusals(Http http, String analyst, String physician, String id, String m) {
    assertProblem(
        http.call("POST", "api/analytics/saved-queries", analyst)
            .json("{\"name\":\"<b>x</b>\",\"query\":" + m + "}")
            .send(),
        400,
        "PHR-400-67");
    assertProblem(
        http.call("POST", "api/analytics/saved-queries", analyst)
            .json("{\"name\":\"Asthma, diabetes, hypertension\",\"query\":" + m + "}")
            .send(),
        409,
        "PHR-409-32");
    assertProblem(
        http.call("POST", "api/analytics/saved-queries", analyst)
            .json("{\"name\":\"Bad\",\"query\":" + m.replace("\"code\"]", "\"surname\"]") + "}")
            .send(),
        400,
        "PHR-400-55");
    assertProblem(
        http.get("api/analytics/saved-queries/AAAAAAAAAAAAAAAAAAAAAA", analyst).send(),
        404,
        "PHR-404-11");
    String other = Tokens.of(Tokens.subject("analyst"), "analyst").tenant(OTHER).sign();
    assertProblem(
        http.call("POST", "api/analytics/saved-queries/" + id + "/run", other).send(),
        404,
        "PHR-404-11");
    assertThat(http.get("api/analytics/saved-queries", other).send().json().getJsonArray("items"))
        .isEmpty();
    assertThat(http.get("api/analytics/saved-queries/" + id, physician).send().status())
        .isEqualTo(403);
  }
}
