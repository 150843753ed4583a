package org.phirecords.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.net.URL;
import org.bson.Document;
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
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.phirecords.it.support.Browser;
import org.phirecords.it.support.Pages;
import org.phirecords.it.support.Seed;
import org.phirecords.it.support.Stores;
import org.phirecords.it.support.Tokens;

/**
 * The tenant administration pages in a real headless Chromium (Debian's chromium and chromedriver,
 * installed by .ci/run): a platform admin onboards a tenant, a tenant admin of that tenant changes
 * a setting; both asserted through the pages and in the store. Screenshots are kept in
 * target/screenshots.
 */
@ExtendWith({Stores.class, ArquillianExtension.class})
class AdminPagesIT {
  @Deployment(testable = false)
  static WebArchive tenantAdmin() {
    return ShrinkWrap.createFromZipFile(
        WebArchive.class, new File(System.getProperty("it.wars"), "tenant-admin.war"));
  }

  @ArquillianResource URL base;
  Browser window;
  WebDriver browser;
  WebDriverWait wait;

  @BeforeEach
  void openBrowser() throws Exception {
    window = new Browser(1200, 1600);
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
    WebElement field = browser.findElement(By.id("token"));
    field.clear();
    field.sendKeys(token);
    browser.findElement(By.id("use-token")).click();
    wait.until(ExpectedConditions.textToBe(By.id("status"), "Token in use."));
  }

  private void approve(String group) {
    browser.findElement(By.xpath("//button[text()='Approve " + group + "']")).click();
  }

  private void screenshot(String name) throws Exception {
    window.screenshot(name);
  }

  @Test
  void platformAdminOnboardsAndTenantAdminChangesASetting() throws Exception {
    String tenant = "it-page-" + System.nanoTime() % 1_000_000;
    browser.get(base + "index.html");
    assertThat(browser.getTitle()).contains("Tenant administration");

    signIn(Tokens.of(Tokens.subject("platform-admin"), "platform-admin").sign());
    browser.findElement(By.id("tenant-id")).sendKeys(tenant);
    browser.findElement(By.id("tenant-name")).sendKeys("Page Clinic");
    browser.findElement(By.id("tenant-contact")).sendKeys("privacy@page-clinic.example");
    browser.findElement(By.id("tenant-residency")).sendKeys("eu-west");
    browser.findElement(By.id("tenant-first-admin")).sendKeys("admin-1");
    browser.findElement(By.id("onboard-button")).click();
    By row = By.cssSelector("tr[data-tenant='" + tenant + "'] td.status");
    wait.until(ExpectedConditions.textToBe(row, "ACTIVE"));
    screenshot("onboarded");
    Pages.assertAccessible(browser, "the admin page with a tenant listed");
    assertThat(
            Stores.data()
                .getDatabase("phi_tenants")
                .getCollection("tenants")
                .countDocuments(new Document("_id", tenant)))
        .isEqualTo(1);

    signIn(Tokens.of(Tokens.subject("tenant-admin"), "tenant-admin").tenant(tenant).sign());
    browser.findElement(By.id("load-settings")).click();
    wait.until(ExpectedConditions.textToBe(By.id("status"), "Settings loaded."));
    WebElement patients = browser.findElement(By.id("distinct-patients"));
    patients.clear();
    patients.sendKeys("30");
    browser.findElement(By.id("save-settings")).click();
    wait.until(ExpectedConditions.textToBe(By.id("status"), "Settings saved."));
    screenshot("settings-saved");
    Document stored =
        Stores.data()
            .getDatabase("phi_tenants")
            .getCollection("tenants")
            .find(new Document("_id", tenant))
            .first();
    assertThat(stored.get("alerts", Document.class).getInteger("distinctPatients")).isEqualTo(30);

    browser.findElement(By.id("load-access")).click();
    wait.until(ExpectedConditions.textToBe(By.id("status"), "Groups and retention loaded."));
    assertThat(browser.findElement(By.id("retention-years")).getDomProperty("value"))
        .isEqualTo("6");
    WebElement groups = browser.findElement(By.id("groups"));
    groups.sendKeys("Cardiology = physician\nRevenue cycle = billing, physician");
    browser.findElement(By.id("save-groups")).click();
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("status"), "PHR-400-03"));
    groups.clear();
    groups.sendKeys("Cardiology = physician\nRevenue cycle = billing");
    browser.findElement(By.id("save-groups")).click();
    wait.until(
        ExpectedConditions.textToBe(
            By.id("status"), "Groups saved; 2 change(s) await another administrator's approval."));
    // Grants of PHI roles wait for a second tenant admin (ADR 22): not the requester.
    approve("Cardiology");
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("status"), "PHR-403-07"));
    screenshot("mapping-changes-pending");
    signIn(Tokens.of(Tokens.subject("tenant-admin"), "tenant-admin").tenant(tenant).sign());
    browser.findElement(By.id("load-access")).click();
    wait.until(ExpectedConditions.textToBe(By.id("status"), "Groups and retention loaded."));
    approve("Cardiology");
    wait.until(ExpectedConditions.textToBe(By.id("status"), "Change of Cardiology approved."));
    approve("Revenue cycle");
    wait.until(ExpectedConditions.textToBe(By.id("status"), "Change of Revenue cycle approved."));
    assertThat(browser.findElements(By.cssSelector("#mapping-changes tbody tr"))).isEmpty();
    WebElement years = browser.findElement(By.id("retention-years"));
    years.clear();
    years.sendKeys("8");
    browser.findElement(By.id("save-retention")).click();
    wait.until(ExpectedConditions.textToBe(By.id("status"), "Retention saved."));
    screenshot("groups-and-retention-saved");
    Pages.assertAccessible(browser, "the admin page with groups and retention");
    stored =
        Stores.data()
            .getDatabase("phi_tenants")
            .getCollection("tenants")
            .find(new Document("_id", tenant))
            .first();
    assertThat(stored.getInteger("auditRetentionYears")).isEqualTo(8);
    assertThat(stored.getList("groupMapping", Document.class))
        .extracting(d -> d.getString("group") + "=" + d.getList("roles", String.class))
        .containsExactly("Cardiology=[physician]", "Revenue cycle=[billing]");

    // A tenant admin cannot manage tenants: the page reports the refusal.
    browser.findElement(By.id("refresh-tenants")).click();
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("status"), "PHR-403-01"));
  }

  @Test
  void onAPhoneAnAdminSignsInWithTheKeyboardAndNothingOverflows() throws Exception {
    Seed.tenant("it-page-phone");
    window.close();
    window = new Browser(390, 1400);
    browser = window.driver;
    wait = window.wait;
    browser.get(base + "index.html");
    Pages.assertAccessible(browser, "the admin page on a phone");
    Pages.assertNoHorizontalOverflow(browser, "the admin page on a phone");

    // Keys only: the skip link first, then the token field, then its button.
    browser.findElement(By.tagName("body")).sendKeys(Keys.TAB);
    assertThat(browser.switchTo().activeElement().getDomAttribute("class")).isEqualTo("skip");
    browser.switchTo().activeElement().sendKeys(Keys.TAB);
    assertThat(browser.switchTo().activeElement().getDomAttribute("id")).isEqualTo("token");
    browser
        .switchTo()
        .activeElement()
        .sendKeys(Tokens.of(Tokens.subject("platform-admin"), "platform-admin").sign(), Keys.TAB);
    assertThat(browser.switchTo().activeElement().getDomAttribute("id")).isEqualTo("use-token");
    browser.switchTo().activeElement().sendKeys(Keys.ENTER);
    wait.until(ExpectedConditions.textToBe(By.id("status"), "Token in use."));
    browser.findElement(By.id("refresh-tenants")).sendKeys(Keys.ENTER);
    wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#tenants tbody tr")));
    screenshot("admin-phone");
    Pages.assertNoHorizontalOverflow(browser, "the admin page on a phone, tenants listed");
  }

  @Test
  void tenantAdminRegistersASystemClientOnThePage() throws Exception {
    String tenant = "it-page-clients-" + System.nanoTime() % 1_000_000;
    Seed.tenant(tenant);
    browser.get(base + "index.html");
    signIn(Tokens.of(Tokens.subject("tenant-admin"), "tenant-admin").tenant(tenant).sign());
    browser.findElement(By.id("load-clients")).click();
    wait.until(ExpectedConditions.textToBe(By.id("status"), "System clients loaded."));
    WebElement clients = browser.findElement(By.id("clients"));
    clients.sendKeys("ehr-sync = user/Patient.rs");
    browser.findElement(By.id("save-clients")).click();
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("status"), "PHR-400-36"));
    clients.clear();
    clients.sendKeys("ehr-sync svc-ehr = system/Patient.rs system/Observation.rs");
    browser.findElement(By.id("save-clients")).click();
    wait.until(ExpectedConditions.textToBe(By.id("status"), "System clients saved."));
    screenshot("system-clients-saved");
    Document stored =
        Stores.data()
            .getDatabase("phi_tenants")
            .getCollection("tenants")
            .find(new Document("_id", tenant))
            .first()
            .get("systemClients", Document.class);
    assertThat(stored.getList("clients", Document.class))
        .extracting(d -> d.getString("clientId") + "/" + d.getString("subject"))
        .containsExactly("ehr-sync/svc-ehr");
  }

  private void createOrganisation(String id, String name, String kind, String parent) {
    for (String field : new String[] {"org-id", "org-name", "org-parent"}) {
      browser.findElement(By.id(field)).clear();
    }
    browser.findElement(By.id("org-id")).sendKeys(id);
    browser.findElement(By.id("org-name")).sendKeys(name);
    new Select(browser.findElement(By.id("org-kind"))).selectByValue(kind);
    if (parent != null) {
      browser.findElement(By.id("org-parent")).sendKeys(parent);
    }
    browser.findElement(By.id("create-organisation-button")).click();
    wait.until(ExpectedConditions.textToBe(By.id("status"), "Created " + id + "."));
  }

  private static By statusOf(String organisation) {
    return By.cssSelector("li[data-organisation='" + organisation + "'] > span.status");
  }

  @Test
  void tenantAdminBuildsRenamesSuspendsAndClosesOrganisations() throws Exception {
    String tenant = "it-org-page-" + System.nanoTime() % 1_000_000;
    Seed.tenant(tenant);
    browser.get(base + "index.html");
    signIn(Tokens.of(Tokens.subject("tenant-admin"), "tenant-admin").tenant(tenant).sign());

    createOrganisation("client-p", "Client P", "CLIENT", null);
    createOrganisation("group-p1", "Group P1", "EMPLOYER_GROUP", "client-p");
    // The group is shown inside its client.
    assertThat(
            browser.findElements(
                By.cssSelector(
                    "li[data-organisation='client-p'] li[data-organisation='group-p1']")))
        .hasSize(1);

    browser.findElement(By.id("rename-id")).sendKeys("group-p1");
    browser.findElement(By.id("rename-name")).sendKeys("<b>bold</b>");
    browser.findElement(By.id("rename-organisation-button")).click();
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("status"), "PHR-400-03"));
    browser.findElement(By.id("rename-name")).clear();
    browser.findElement(By.id("rename-name")).sendKeys("Group P1 (retirees)");
    browser.findElement(By.id("rename-organisation-button")).click();
    wait.until(ExpectedConditions.textToBe(By.id("status"), "Renamed group-p1."));
    assertThat(
            browser
                .findElement(By.cssSelector("li[data-organisation='group-p1'] > span.name"))
                .getText())
        .startsWith("Group P1 (retirees)");

    browser.findElement(By.xpath("//button[text()='Suspend client-p']")).click();
    wait.until(ExpectedConditions.textToBe(statusOf("client-p"), "SUSPENDED"));
    browser.findElement(By.xpath("//button[text()='Close group-p1']")).click();
    wait.until(ExpectedConditions.textToBe(statusOf("group-p1"), "CLOSED"));
    screenshot("organisations");
    assertThat(
            Stores.data()
                .getDatabase("phi_tenants")
                .getCollection("organisations")
                .find(new Document("tenantId", tenant))
                .map(d -> d.getString("organisationId") + "=" + d.getString("status"))
                .into(new java.util.ArrayList<>()))
        .containsExactlyInAnyOrder("client-p=SUSPENDED", "group-p1=CLOSED");
  }

  private static By grantStatus(String principal) {
    return By.cssSelector("#grants tr[data-principal='" + principal + "'] td.status");
  }

  private void click(String label) {
    browser.findElement(By.xpath("//button[text()=\"" + label + "\"]")).click();
  }

  @Test
  void tenantAdminsGrantRolesAtOrganisationsUnderDualControl() throws Exception {
    String tenant = "it-grant-page-" + System.nanoTime() % 1_000_000;
    Seed.tenant(tenant);
    browser.get(base + "index.html");
    String first = Tokens.of(Tokens.subject("tenant-admin"), "tenant-admin").tenant(tenant).sign();
    signIn(first);
    createOrganisation("client-g", "Client G", "CLIENT", null);
    createOrganisation("group-g1", "Group G1", "EMPLOYER_GROUP", "client-g");

    browser.findElement(By.id("refresh-grants")).click();
    wait.until(ExpectedConditions.textToBe(By.id("status"), "0 grant(s)."));
    // The organisation is picked from the tree, below its parent.
    Select at = new Select(browser.findElement(By.id("grant-organisation")));
    assertThat(at.getOptions())
        .extracting(o -> o.getDomProperty("value") + "=" + o.getText().strip())
        .containsExactly(
            "=The whole tenant", "client-g=Client G (client-g)", "group-g1=Group G1 (group-g1)");
    assertThat(at.getOptions().get(2).getText()).as("indented below its parent").startsWith(" ");
    new Select(browser.findElement(By.id("grant-kind"))).selectByValue("GROUP");
    browser.findElement(By.id("grant-principal")).sendKeys("Cardiology");
    new Select(browser.findElement(By.id("grant-role"))).selectByValue("physician");
    at.selectByValue("group-g1");
    browser.findElement(By.id("create-grant-button")).click();
    wait.until(
        ExpectedConditions.textToBe(
            By.id("status"),
            "Grant of physician for Cardiology awaits another administrator's approval."));
    assertThat(browser.findElement(grantStatus("Cardiology")).getText()).isEqualTo("PENDING");
    click("Approve physician for Cardiology");
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("status"), "PHR-403-07"));
    screenshot("grant-pending");

    signIn(Tokens.of(Tokens.subject("tenant-admin"), "tenant-admin").tenant(tenant).sign());
    browser.findElement(By.id("refresh-grants")).click();
    wait.until(ExpectedConditions.textToBe(By.id("status"), "1 grant(s)."));
    click("Approve physician for Cardiology");
    wait.until(
        ExpectedConditions.textToBe(
            By.id("status"), "Grant of physician for Cardiology approved."));
    assertThat(browser.findElement(grantStatus("Cardiology")).getText()).isEqualTo("ACTIVE");

    new Select(browser.findElement(By.id("grant-kind"))).selectByValue("SUBJECT");
    browser.findElement(By.id("grant-principal")).clear();
    browser.findElement(By.id("grant-principal")).sendKeys("officer-9");
    new Select(browser.findElement(By.id("grant-role"))).selectByValue("privacy-officer");
    new Select(browser.findElement(By.id("grant-organisation"))).selectByValue("");
    browser.findElement(By.id("create-grant-button")).click();
    wait.until(
        ExpectedConditions.textToBe(By.id("status"), "Granted privacy-officer to officer-9."));
    assertThat(browser.findElement(grantStatus("officer-9")).getText()).isEqualTo("ACTIVE");
    screenshot("grants");
    click("Revoke privacy-officer for officer-9");
    wait.until(
        ExpectedConditions.textToBe(
            By.id("status"), "Grant of privacy-officer for officer-9 removed."));
    assertThat(browser.findElements(grantStatus("officer-9"))).isEmpty();

    assertThat(
            Stores.data()
                .getDatabase("phi_tenants")
                .getCollection("grants")
                .find(new Document("tenantId", tenant))
                .map(
                    d ->
                        d.getString("principal")
                            + "@"
                            + d.getString("organisationId")
                            + "="
                            + d.getString("role")
                            + ":"
                            + d.getString("status"))
                .into(new java.util.ArrayList<>()))
        .containsExactly("Cardiology@group-g1=PHYSICIAN:ACTIVE");
  }
}
