package org.phirecords.it;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.StrictErrorHandler;
import java.io.File;
import java.net.InetAddress;
import java.net.URL;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import okhttp3.mockwebserver.RecordedRequest;
import org.bson.Document;
import org.hl7.fhir.r4.model.Bundle;
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
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.phirecords.it.support.Browser;
import org.phirecords.it.support.Http;
import org.phirecords.it.support.Http.Reply;
import org.phirecords.it.support.Links;
import org.phirecords.it.support.Pages;
import org.phirecords.it.support.Seed;
import org.phirecords.it.support.Stores;
import org.phirecords.it.support.Tokens;

/**
 * The patient portal of records-web in a real headless Chromium at phone width: a patient signs in,
 * reads their record, asks for a correction, sees a physician's decision and that physician's
 * accesses, files a statement of disagreement, downloads a FHIR copy and is signed out after
 * inactivity. Another patient of the tenant, and a patient of another tenant, see none of it.
 */
@ExtendWith({Stores.class, ArquillianExtension.class})
class PortalIT {
  private static final String TENANT = "it-portal";
  private static final String OTHER_TENANT = "it-portal-other";

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
    window = new Browser(390, 1400); // a phone-width screen
    browser = window.driver;
    wait = window.wait;
  }

  @AfterEach
  void closeBrowser() {
    if (window != null) {
      window.close();
    }
  }

  private void signIn(String token) {
    browser.get(base + "portal/index.html");
    WebElement field = browser.findElement(By.id("token"));
    field.sendKeys(token);
    browser.findElement(By.id("use-token")).click();
  }

  private void signInAndWait(String token) {
    signIn(token);
    wait.until(ExpectedConditions.textToBe(By.id("status"), "Your record is shown below."));
  }

  private String text(String id) {
    return browser.findElement(By.id(id)).getText();
  }

  /** axe-core finds nothing serious and the page fits the phone's width. */
  private void checkPage(String page) {
    Pages.assertAccessible(browser, "the portal: " + page);
    Pages.assertNoHorizontalOverflow(browser, "the portal: " + page);
  }

  /** Presses Tab and returns the id (or class) of what has the focus then. */
  private String tab() {
    browser.switchTo().activeElement().sendKeys(Keys.TAB);
    WebElement focused = browser.switchTo().activeElement();
    String id = focused.getDomAttribute("id");
    return id != null ? id : focused.getDomAttribute("class");
  }

  @Test
  void aSpanishSpeakingPatientSignsInWithTheKeyboardReadsSpanishAndSwitchesToEnglish()
      throws Exception {
    String tenant = "it-portal-es";
    Seed.tenant(tenant);
    Http http = new Http(base);
    String physician = Tokens.of(Tokens.subject("physician"), "physician").tenant(tenant).sign();
    String patientId =
        http.call("POST", "api/patients", physician)
            .json(Seed.patientJson())
            .send()
            .json()
            .getString("id");
    Reply measured =
        http.call("POST", "api/patients/" + patientId + "/entries", physician)
            .json(
                """
                {"type":"OBSERVATION","effectiveDate":"2026-02-01","status":"final",
                 "codes":[{"system":"http://loinc.org","code":"2345-7","display":"Glucose"}],
                 "value":{"value":1234.5,"unit":"mg/dL"},"text":"Synthetic"}
                """)
            .send();
    assertThat(measured.status()).as(measured.toString()).isEqualTo(201);
    Reply disclosed =
        http.call("POST", "api/patients/" + patientId + "/disclosures", physician)
            .json(
                "{\"disclosedAt\":\"2026-02-03T10:00:00Z\",\"recipient\":\"Registro"
                    + " estatal\",\"description\":\"Diagnosis\",\"purpose\":\"Required by"
                    + " law\"}")
            .send();
    assertThat(disclosed.status()).as(disclosed.toString()).isEqualTo(201);
    String patient = Links.linkedPatient(http, tenant, patientId);

    // A browser whose user prefers Spanish gets the page in Spanish.
    window.close();
    window = new Browser(390, 1400, "es-ES");
    browser = window.driver;
    wait = window.wait;
    browser.get(base + "portal/index.html");
    assertThat(browser.findElement(By.tagName("html")).getDomAttribute("lang")).isEqualTo("es");
    assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Mi historia clínica");
    checkPage("the Spanish sign-in page");

    // Keys only: skip link, language switch, token, sign-in button, Enter.
    browser.findElement(By.tagName("body")).sendKeys(Keys.TAB);
    assertThat(browser.switchTo().activeElement().getDomAttribute("class")).isEqualTo("skip");
    assertThat(tab()).isEqualTo("language");
    assertThat(tab()).isEqualTo("token");
    browser.switchTo().activeElement().sendKeys(patient);
    assertThat(tab()).isEqualTo("use-token");
    browser.switchTo().activeElement().sendKeys(Keys.ENTER);
    wait.until(
        ExpectedConditions.textToBe(By.id("status"), "Su historia se muestra a continuación."));
    // The record's heading has the focus.
    assertThat(browser.switchTo().activeElement().getDomAttribute("id")).isEqualTo("about-heading");
    assertThat(text("entries")).contains("Medición", "1 de febrero de 2026", "1234,5 mg/dL");
    assertThat(text("disclosures")).contains("3 de febrero de 2026", "Registro estatal");
    assertThat(text("amendments")).contains("Aún no hay solicitudes.");
    window.screenshot("portal-es-record");
    checkPage("the Spanish record");

    // Asking for a correction with the keyboard: the entry's button, Enter, type, Enter.
    WebElement ask = browser.findElement(By.cssSelector("#entries tbody button"));
    assertThat(ask.getDomAttribute("aria-label"))
        .isEqualTo("Pedir que se corrija Glucose del 1 de febrero de 2026");
    ask.sendKeys(Keys.ENTER);
    assertThat(browser.switchTo().activeElement().getDomAttribute("id")).isEqualTo("amend-reason");
    browser.switchTo().activeElement().sendKeys("Synthetic: the value is wrong.");
    assertThat(tab()).isEqualTo("send-amendment");
    browser.switchTo().activeElement().sendKeys(Keys.ENTER);
    wait.until(ExpectedConditions.textToBe(By.id("status"), "Su solicitud fue enviada."));
    assertThat(text("amendments")).contains("Esperando una decisión");

    // The switch on the page: English, without reading the record again.
    new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("language")))
        .selectByValue("en");
    wait.until(ExpectedConditions.textToBe(By.id("status"), "Your request was sent."));
    assertThat(browser.findElement(By.tagName("html")).getDomAttribute("lang")).isEqualTo("en");
    assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("My health record");
    assertThat(text("entries")).contains("Measurement", "February 1, 2026", "1,234.5 mg/dL");
    assertThat(text("disclosures")).contains("February 3, 2026");
    assertThat(text("amendments")).contains("Waiting for a decision");
    window.screenshot("portal-es-switched-to-en");
    checkPage("the record switched to English");
  }

  @Test
  void aPatientExercisesTheirRightsAndOthersSeeNoneOfIt() throws Exception {
    Seed.tenant(TENANT);
    Seed.tenant(OTHER_TENANT);
    Http http = new Http(base);
    String physicianSubject = Tokens.subject("physician");
    String physician = Tokens.of(physicianSubject, "physician").tenant(TENANT).sign();
    Reply created = http.call("POST", "api/patients", physician).json(Seed.patientJson()).send();
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    String patientId = created.json().getString("id");
    String familyName = created.json().getString("familyName");
    String otherId =
        http.call("POST", "api/patients", physician)
            .json(Seed.patientJson())
            .send()
            .json()
            .getString("id");
    String entryId =
        http.call("POST", "api/patients/" + patientId + "/entries", physician)
            .json(Seed.conditionJson("E11.9", "Portal test note"))
            .send()
            .json()
            .getString("id");

    // Signed in but not linked yet, the patient enters the code the physician handed over.
    String patient =
        Tokens.of(Tokens.subject("patient"), "patient").tenant(TENANT).patient(patientId).sign();
    signIn(patient);
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("invitation-code")));
    assertThat(browser.getPageSource()).doesNotContain(familyName);
    window.screenshot("portal-link");
    checkPage("the link form");
    browser
        .findElement(By.id("invitation-code"))
        .sendKeys(Links.invitation(http, physician, patientId));
    browser.findElement(By.id("use-code")).click();
    wait.until(ExpectedConditions.textToBe(By.id("status"), "Your record is shown below."));
    assertThat(browser.getCurrentUrl()).doesNotContain("code");
    assertThat(text("demographics")).contains(familyName);
    assertThat(text("entries")).contains("Portal test note");
    window.screenshot("portal-record");
    checkPage("the record");

    // Ask for a correction of the condition.
    browser.findElement(By.cssSelector("tr[data-entry='" + entryId + "'] button")).click();
    browser.findElement(By.id("amend-reason")).sendKeys("I was never told about this diagnosis.");
    browser.findElement(By.id("send-amendment")).click();
    wait.until(ExpectedConditions.textToBe(By.id("status"), "Your request was sent."));
    assertThat(text("amendments")).contains("Waiting for a decision", "answer due by");

    // The physician (in their EHR) reads the record and denies the request.
    assertThat(http.get("api/patients/" + patientId, physician).send().status()).isEqualTo(200);
    String amendmentId =
        http.get("api/patients/" + patientId + "/amendments", physician)
            .send()
            .json()
            .getJsonArray("items")
            .getJsonObject(0)
            .getString("id");
    Reply denied =
        http.call("POST", "api/amendments/" + amendmentId + "/denial", physician)
            .json("{\"reason\":\"The HbA1c results support the diagnosis.\"}")
            .send();
    assertThat(denied.status()).as(denied.toString()).isEqualTo(200);
    Reply disclosed =
        http.call("POST", "api/patients/" + patientId + "/disclosures", physician)
            .json(
                "{\"disclosedAt\":\"2026-02-03T10:00:00Z\",\"recipient\":\"State cancer"
                    + " registry\",\"description\":\"Diagnosis\",\"purpose\":\"Required by"
                    + " law\"}")
            .send();
    assertThat(disclosed.status()).as(disclosed.toString()).isEqualTo(201);

    signInAndWait(patient);
    assertThat(text("amendments")).contains("Not accepted", "The HbA1c results support");
    browser
        .findElement(By.cssSelector("li[data-amendment='" + amendmentId + "'] textarea"))
        .sendKeys("My own specialist disagrees.");
    browser.findElement(By.cssSelector("li[data-amendment='" + amendmentId + "'] button")).click();
    wait.until(ExpectedConditions.textToBe(By.id("status"), "Your statement was filed."));
    assertThat(text("amendments")).contains("My own specialist disagrees.");

    // The access history shows the physician's accesses: role and organisation, no name.
    String history = text("history");
    assertThat(history).contains("physician", "IT " + TENANT, "TREATMENT");
    assertThat(history).doesNotContain(physicianSubject);

    // The electronic copy, as downloaded by the browser, is a FHIR R4 Bundle.
    browser.findElement(By.id("download")).click();
    wait.until(ExpectedConditions.textToBe(By.id("status"), "Your record was downloaded."));
    Path copy = window.downloads.resolve("health-record.fhir.json");
    new WebDriverWait(browser, Duration.ofSeconds(15)).until(d -> Files.exists(copy));
    Bundle bundle =
        FhirContext.forR4Cached()
            .newJsonParser()
            .setParserErrorHandler(new StrictErrorHandler())
            .parseResource(Bundle.class, Files.readString(copy));
    assertThat(bundle.getEntry())
        .extracting(e -> e.getResource().fhirType())
        .containsExactly("Patient", "Condition");
    assertThat(
            ((org.hl7.fhir.r4.model.Patient) bundle.getEntryFirstRep().getResource())
                .getNameFirstRep()
                .getFamily())
        .isEqualTo(familyName);
    window.screenshot("portal-after-download");

    // The accounting of disclosures (ADR 47); the PDFs themselves are DisclosuresIT's.
    assertThat(text("disclosures")).contains("State cancer registry", "Required by law");
    // A directed copy shows the warning before anything is sent; cancelled here.
    browser.findElement(By.id("direct-to")).sendKeys("new-doctor@example.org");
    browser.findElement(By.id("direct-continue")).click();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("direct-warning")));
    assertThat(text("direct-warning")).contains("may not be encrypted", "new-doctor@example.org");
    browser.findElement(By.id("direct-cancel")).click();

    // Automatic logoff after the configured 10 s without activity.
    new WebDriverWait(browser, Duration.ofSeconds(30))
        .until(
            ExpectedConditions.textToBePresentInElementLocated(
                By.id("status"), "signed out after"));
    assertThat(browser.findElement(By.id("record")).isDisplayed()).isFalse();
    assertThat(browser.getPageSource()).doesNotContain(familyName);
    window.screenshot("portal-signed-out");
    checkPage("the signed-out page");

    // Another patient of the tenant sees their own (empty) record and nothing of the first.
    signInAndWait(Links.linkedPatient(http, TENANT, otherId));
    assertThat(browser.getPageSource())
        .doesNotContain(familyName)
        .doesNotContain("Portal test note")
        .doesNotContain("My own specialist");
    assertThat(text("amendments")).contains("No requests yet.");

    // A patient of another tenant naming the first patient's id gets nothing: not linked.
    signIn(
        Tokens.of(Tokens.subject("patient"), "patient")
            .tenant(OTHER_TENANT)
            .patient(patientId)
            .sign());
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("invitation-code")));
    assertThat(browser.getPageSource())
        .doesNotContain(familyName)
        .doesNotContain("Portal test note");
    // Nor does the first patient's code open the record there.
    browser
        .findElement(By.id("invitation-code"))
        .sendKeys(Links.invitation(http, physician, patientId));
    browser.findElement(By.id("use-code")).click();
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("status"), "PHR-403-06"));
    assertThat(browser.findElement(By.id("record")).isDisplayed()).isFalse();
    assertThat(browser.getPageSource())
        .doesNotContain(familyName)
        .doesNotContain("Portal test note");
    // And nothing of it went into the address bar.
    assertThat(browser.getCurrentUrl()).doesNotContain(patientId);
  }

  /** A synthetic patient born on {@code birthDate}. */
  private static String bornOn(String birthDate) {
    return Seed.patientJson()
        .replaceFirst("\"birthDate\":\"[^\"]*\"", "\"birthDate\":\"" + birthDate + "\"");
  }

  @Test
  void aParentSwitchesToTheirChildsRecordSeesNoConfidentialEntryAndReachesNoOneElse()
      throws Exception {
    String tenant = "it-portal-proxy";
    Seed.tenant(tenant);
    Seed.tenant(OTHER_TENANT);
    Http http = new Http(base);
    String physician = Tokens.of(Tokens.subject("physician"), "physician").tenant(tenant).sign();
    java.time.LocalDate today = java.time.LocalDate.now(java.time.ZoneOffset.UTC);
    Reply child =
        http.call("POST", "api/patients", physician)
            .json(bornOn(today.minusYears(10).toString()))
            .send();
    assertThat(child.status()).as(child.toString()).isEqualTo(201);
    String childId = child.json().getString("id");
    String childFamily = child.json().getString("familyName");
    String childName = child.json().getString("givenName") + " " + childFamily;
    Reply own = http.call("POST", "api/patients", physician).json(bornOn("1985-05-05")).send();
    String ownId = own.json().getString("id");
    String ownFamily = own.json().getString("familyName");
    String strangerId =
        http.call("POST", "api/patients", physician)
            .json(Seed.patientJson())
            .send()
            .json()
            .getString("id");
    for (String entry :
        List.of(
            Seed.conditionJson("J06.9", "Proxy visible note"),
            Seed.conditionJson("Z30.9", "Confidential adolescent note")
                .replaceFirst("\\{", "{\"sensitivity\":\"CONFIDENTIAL_FROM_PROXIES\","))) {
      Reply recorded =
          http.call("POST", "api/patients/" + childId + "/entries", physician).json(entry).send();
      assertThat(recorded.status()).as(recorded.toString()).isEqualTo(201);
    }

    // The parent signs in with their own identity, linked to their own record.
    String parentSubject = Tokens.subject("parent");
    String parent = Tokens.of(parentSubject, "patient").tenant(tenant).sign();
    Links.link(http, physician, parent, ownId);
    Reply granted =
        http.call("POST", "api/patients/" + childId + "/proxies", physician)
            .json(
                """
                {"subject":"%s","relationship":"PARENT","scope":"WHOLE_RECORD",
                 "expiry":"%s","reason":"Synthetic: birth certificate seen"}
                """
                    .formatted(parentSubject, java.time.Instant.now().plus(Duration.ofDays(365))))
            .send();
    assertThat(granted.status()).as(granted.toString()).isEqualTo(201);
    assertThat(granted.toString()).doesNotContain("birth certificate");
    String grantId = granted.json().getString("id");

    signInAndWait(parent);
    assertThat(text("demographics")).contains(ownFamily);
    WebElement switcher = browser.findElement(By.id("acting-for"));
    assertThat(switcher.isDisplayed()).isTrue();
    new org.openqa.selenium.support.ui.Select(switcher).selectByValue(childId);
    wait.until(
        ExpectedConditions.textToBe(
            By.id("status"), "You are acting for " + childName + " (you are their parent)."));
    assertThat(text("demographics")).contains(childFamily);
    assertThat(text("entries")).contains("Proxy visible note");
    assertThat(browser.getPageSource()).doesNotContain("Confidential adolescent note");
    assertThat(browser.getCurrentUrl()).doesNotContain(childId);
    window.screenshot("portal-acting-for");
    checkPage("a representative's view");
    new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("acting-for")))
        .selectByValue("");
    wait.until(ExpectedConditions.textToBe(By.id("status"), "Your record is shown below."));
    assertThat(text("demographics")).contains(ownFamily);

    // Every read was the parent's, on behalf of the child, and the child's history shows it.
    assertThat(Seed.auditOf(parentSubject))
        .filteredOn(e -> childId.equals(e.getString("patientId")))
        .isNotEmpty()
        .allSatisfy(e -> assertThat(e.getString("purposeOfUse")).isEqualTo("FAMRQT"));
    String childUser = Links.linkedPatient(http, tenant, childId);
    Reply history = http.get("api/patients/" + childId + "/access-history", childUser).send();
    assertThat(history.toString()).contains("personal representative", parentSubject);

    // Nobody else's record, whichever way it is named, nor in another tenant.
    for (String[] attempt :
        new String[][] {{strangerId, strangerId}, {childId, strangerId}, {strangerId, childId}}) {
      Reply refused =
          http.get("api/patients/" + attempt[1], parent).header("Acting-For", attempt[0]).send();
      assertThat(refused.status()).as(refused.toString()).isEqualTo(404);
    }
    String elsewhere = Tokens.of(parentSubject, "patient").tenant(OTHER_TENANT).sign();
    assertThat(
            http.get("api/patients/" + childId, elsewhere)
                .header("Acting-For", childId)
                .send()
                .status())
        .isEqualTo(404);
    // A representative cannot grant anyone else access.
    Reply widened =
        http.call("POST", "api/portal/proxies/caregivers", parent)
            .header("Acting-For", childId)
            .json(
                """
                {"subject":"friend-1","relationship":"CAREGIVER","scope":"WHOLE_RECORD",
                 "expiry":"%s"}
                """
                    .formatted(java.time.Instant.now().plus(Duration.ofDays(30))))
            .send();
    assertThat(widened.status()).as(widened.toString()).isEqualTo(403);
    assertThat(widened.toString()).contains("PHR-403-23");

    // Revoked, the grant opens nothing, and the switcher is gone.
    Reply revoked =
        http.call(
                "POST",
                "api/patients/" + childId + "/proxies/" + grantId + "/revocation",
                physician)
            .send();
    assertThat(revoked.status()).as(revoked.toString()).isEqualTo(200);
    assertThat(
            http.get("api/patients/" + childId, parent)
                .header("Acting-For", childId)
                .send()
                .status())
        .isEqualTo(404);
    signInAndWait(parent);
    assertThat(browser.findElement(By.id("switcher")).isDisplayed()).isFalse();
    assertThat(browser.getPageSource()).doesNotContain(childFamily);
  }

  @Test
  void aPatientSignsInWithTheTenantsOpenIdProviderUsingPkce() throws Exception {
    String tenant = "it-portal-oidc";
    Seed.tenant(tenant);
    Http http = new Http(base);
    String physician = Tokens.of(Tokens.subject("physician"), "physician").tenant(tenant).sign();
    Reply created = http.call("POST", "api/patients", physician).json(Seed.patientJson()).send();
    String patientId = created.json().getString("id");
    String familyName = created.json().getString("familyName");

    MockOAuth2Server idp = new MockOAuth2Server();
    idp.start(InetAddress.getByName("127.0.0.1"), 0);
    try {
      // The tenant registers its IdP (with the portal's client) and maps its group to patients.
      Stores.data()
          .getDatabase("phi_tenants")
          .getCollection("tenants")
          .updateOne(
              new Document("_id", tenant),
              new Document(
                  "$set",
                  new Document(
                          "idp",
                          new Document("issuer", idp.issuerUrl("tenant-idp").toString())
                              .append("jwksUri", idp.jwksUrl("tenant-idp").toString())
                              .append("portalClientId", "patient-portal"))
                      .append(
                          "groupMapping",
                          List.of(
                              new Document("group", "Patients")
                                  .append("roles", List.of("patient"))))));
      idp.enqueueCallback(
          new DefaultOAuth2TokenCallback(
              "tenant-idp",
              "portal-user-1",
              "JWT",
              List.of("patient-portal"),
              Map.of("groups", List.of("Patients"), "patient_id", patientId),
              3600));

      // The organisation linked the IdP's user to the record (as redeeming an invitation does).
      Stores.data()
          .getDatabase("phi_identity")
          .getCollection("patient_links")
          .insertOne(
              new Document("tenantId", tenant)
                  .append("issuer", idp.issuerUrl("tenant-idp").toString())
                  .append("subject", "portal-user-1")
                  .append("patientId", patientId));

      // From localhost, as a patient's browser would be a secure context (https in production):
      // Web Crypto for PKCE needs one, and Chromium lets only such pages call the loopback IdP.
      URL local = new URL("http", "localhost", base.getPort(), base.getPath());
      browser.get(local + "portal/index.html?tenant=" + tenant);
      wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("oidc-sign-in"))).click();
      try {
        wait.until(ExpectedConditions.textToBe(By.id("status"), "Your record is shown below."));
      } catch (org.openqa.selenium.TimeoutException e) {
        throw new AssertionError(
            "no sign-in: at " + browser.getCurrentUrl() + " with status " + text("status"), e);
      }
      assertThat(text("demographics")).contains(familyName);
      assertThat(browser.getCurrentUrl()).doesNotContain("code=").doesNotContain("state=");
      window.screenshot("portal-oidc-signed-in");

      // The page ran PKCE: S256 challenge at the authorization endpoint, its verifier at the token
      // endpoint.
      String challenge = null;
      String verifier = null;
      for (RecordedRequest request : recorded(idp)) {
        var url = request.getRequestUrl();
        if (url.encodedPath().endsWith("/authorize")) {
          assertThat(url.queryParameter("code_challenge_method")).isEqualTo("S256");
          challenge = url.queryParameter("code_challenge");
        } else if (url.encodedPath().endsWith("/token")) {
          String form = request.getBody().readUtf8();
          verifier =
              URLDecoder.decode(
                  form.replaceAll(".*code_verifier=([^&]*).*", "$1"), StandardCharsets.UTF_8);
        }
      }
      assertThat(challenge).isNotNull();
      assertThat(verifier).isNotNull();
      assertThat(challenge)
          .isEqualTo(
              Base64.getUrlEncoder()
                  .withoutPadding()
                  .encodeToString(
                      MessageDigest.getInstance("SHA-256")
                          .digest(verifier.getBytes(StandardCharsets.US_ASCII))));
    } finally {
      idp.shutdown();
    }
  }

  /** Every request the IdP received so far. */
  private static List<RecordedRequest> recorded(MockOAuth2Server idp) {
    List<RecordedRequest> requests = new java.util.ArrayList<>();
    while (true) {
      try {
        requests.add(idp.takeRequest(1, TimeUnit.SECONDS));
      } catch (RuntimeException drained) { // the mock's way of saying "no more"
        return requests;
      }
    }
  }
}
