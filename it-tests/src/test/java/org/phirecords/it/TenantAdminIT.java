package org.phirecords.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import jakarta.json.JsonObject;
import java.io.File;
import java.net.URL;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bson.Document;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.phirecords.audit.ChainVerification;
import org.phirecords.internal.audit.chain.AuditChainVerifier;
import org.phirecords.internal.audit.chain.ChainKey;
import org.phirecords.internal.audit.chain.CheckpointLines;
import org.phirecords.it.support.Http;
import org.phirecords.it.support.Http.Reply;
import org.phirecords.it.support.Scopes;
import org.phirecords.it.support.Seed;
import org.phirecords.it.support.Stores;
import org.phirecords.it.support.Tokens;

/** The tenant administration WAR on Payara Micro. */
@ExtendWith({Stores.class, ArquillianExtension.class})
class TenantAdminIT {
  @Deployment(testable = false)
  static WebArchive tenantAdmin() {
    return ShrinkWrap.createFromZipFile(
        WebArchive.class, new File(System.getProperty("it.wars"), "tenant-admin.war"));
  }

  @ArquillianResource URL base;

  /** The onboarding body of a synthetic organisation; {@code extra} is appended verbatim. */
  static String organisation(String id, String name, String extra) {
    return "{\"id\":\""
        + id
        + "\",\"displayName\":\""
        + name
        + "\",\"contact\":\"privacy@example.org\",\"residency\":\"us-east\","
        + "\"firstAdmin\":\"admin-1\""
        + extra
        + "}";
  }

  private Reply onboard(String token, String json) {
    return new Http(base).call("POST", "api/tenants", token).json(json).send();
  }

  @Test
  void platformAdminOnboardsATenantIdempotently() {
    String admin = Tokens.of(Tokens.subject("platform-admin"), "platform-admin").sign();
    String id = "it-onboarded-" + System.nanoTime() % 1_000_000;
    String json = organisation(id, "Example Clinic", "");

    Reply created = onboard(admin, json);
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    assertThat(created.json().getString("status")).isEqualTo("ACTIVE");
    assertThat(onboard(admin, json).status()).isEqualTo(201);
    assertThat(
            Stores.data()
                .getDatabase("phi_tenants")
                .getCollection("tenants")
                .countDocuments(new Document("_id", id)))
        .isEqualTo(1);

    Http http = new Http(base);
    assertThat(http.get("api/tenants/" + id, admin).send().json().getString("displayName"))
        .isEqualTo("Example Clinic");
    assertThat(http.get("api/tenants", admin).send().body()).contains(id);
    Reply unknown = http.get("api/tenants/it-never-onboarded", admin).send();
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.problemCode()).isEqualTo("PHR-404-01");
  }

  @Test
  void anAdminSessionIdleForLongerThanItsPeriodIsLoggedOffByTheServer() throws Exception {
    // records.admin.idle-timeout-seconds is 20 in the ITs (failsafe environment).
    String admin = Tokens.of(Tokens.subject("platform-admin"), "platform-admin").sign();
    Http http = new Http(base);
    assertThat(http.get("api/tenants", admin).send().status()).isEqualTo(200);
    Thread.sleep(21_000);
    Reply idle = http.get("api/tenants", admin).send();
    assertThat(idle.status()).as(idle.toString()).isEqualTo(401);
    assertThat(idle.problemCode()).isEqualTo("PHR-401-01");
    assertThat(http.get("api/tenants", admin).send().status())
        .as("stays logged off")
        .isEqualTo(401);
    String again = Tokens.of(Tokens.subject("platform-admin"), "platform-admin").sign();
    assertThat(http.get("api/tenants", again).send().status()).as("signed in again").isEqualTo(200);
  }

  @Test
  void onlyPlatformAdminsManageTenantsAndRefusalsAreAudited() {
    Seed.tenant("it-tenant-a");
    String physicianSubject = Tokens.subject("physician");
    String physician = Tokens.of(physicianSubject, "physician").tenant("it-tenant-a").sign();
    String tenantAdmin =
        Tokens.of(Tokens.subject("tenant-admin"), "tenant-admin").tenant("it-tenant-a").sign();
    String json = organisation("it-hostile", "Hostile", "");

    Reply byPhysician = onboard(physician, json);
    assertThat(byPhysician.status()).isEqualTo(403);
    assertThat(byPhysician.problemCode()).isEqualTo("PHR-403-01");
    assertThat(onboard(tenantAdmin, json).status()).isEqualTo(403);
    assertThat(onboard(null, json).problemCode()).isEqualTo("PHR-401-01");
    assertThat(
            Stores.data()
                .getDatabase("phi_tenants")
                .getCollection("tenants")
                .countDocuments(new Document("_id", "it-hostile")))
        .isZero();
    assertThat(Seed.auditOf(physicianSubject))
        .extracting(d -> d.getString("operation") + ":" + d.getString("outcome"))
        .containsExactly("TenantRegistry.create:DENIED");
  }

  @Test
  void onboardingCreatesTheTenantsDataKeyAndAdminsRotateKeys() {
    String adminSubject = Tokens.subject("platform-admin");
    String admin = Tokens.of(adminSubject, "platform-admin").sign();
    String id = "it-keys-" + System.nanoTime() % 1_000_000;
    assertThat(onboard(admin, organisation(id, "Keys", "")).status()).isEqualTo(201);
    var vault = Stores.data().getDatabase("phi_keys").getCollection("data_keys");
    assertThat(vault.countDocuments(new Document("keyAltNames", "tenant:" + id))).isEqualTo(1);

    Http http = new Http(base);
    Reply rotated = http.call("POST", "api/keys/tenants/" + id + "/rotate", admin).send();
    assertThat(rotated.status()).as(rotated.toString()).isEqualTo(200);
    assertThat(rotated.json().getString("status")).isEqualTo("DONE");
    assertThat(rotated.json().getInt("remaining")).isZero();
    // The active name moved to a new key; the old one stays for backups.
    assertThat(vault.countDocuments(new Document("keyAltNames", "tenant:" + id))).isEqualTo(1);
    assertThat(
            vault.countDocuments(
                new Document("keyAltNames", new Document("$regex", "^owner:" + id + ":"))))
        .isEqualTo(2);

    Reply rewrapped = http.call("POST", "api/keys/rewrap", admin).send();
    assertThat(rewrapped.status()).as(rewrapped.toString()).isEqualTo(200);
    assertThat(rewrapped.json().getInt("rewrapped")).isGreaterThanOrEqualTo(2);

    String physician = Tokens.of(Tokens.subject("physician"), "physician").tenant(id).sign();
    assertThat(http.call("POST", "api/keys/rewrap", physician).send().problemCode())
        .isEqualTo("PHR-403-01");
    assertThat(Seed.auditOf(adminSubject))
        .extracting(d -> d.getString("operation") + ":" + d.getString("outcome"))
        .contains(
            "KeyAdministration.rotateDataKey:SUCCESS", "KeyAdministration.rewrapDataKeys:SUCCESS");
  }

  @Test
  void platformAdminsVerifyAnyChain() {
    String admin = Tokens.of(Tokens.subject("platform-admin"), "platform-admin").sign();
    Http http = new Http(base);
    onboard(admin, organisation("it-chain-check", "Chain", ""));
    Reply platform = http.get("api/audit/chains/_platform/verify", admin).send();
    assertThat(platform.status()).as(platform.toString()).isEqualTo(200);
    assertThat(platform.json().getBoolean("valid")).isTrue();
    assertThat(platform.json().getInt("checked")).isPositive();
    // Everything here is recent: the retention purge must remove nothing.
    var events = Stores.audit().getDatabase("phi_audit").getCollection("audit_events");
    long before = events.countDocuments(new Document("tenantId", "it-chain-check"));
    Reply purged = http.call("POST", "api/audit/chains/it-chain-check/purge", admin).send();
    assertThat(purged.status()).as(purged.toString()).isEqualTo(200);
    assertThat(purged.json().getInt("purged")).isZero();
    assertThat(events.countDocuments(new Document("tenantId", "it-chain-check"))).isEqualTo(before);
    String physician =
        Tokens.of(Tokens.subject("physician"), "physician").tenant("it-tenant-a").sign();
    assertThat(http.get("api/audit/chains/_platform/verify", physician).send().problemCode())
        .isEqualTo("PHR-403-01");
  }

  @Test
  void aChainCutBackToAnOlderSealedHeadIsReportedTruncated() throws Exception {
    String admin = Tokens.of(Tokens.subject("platform-admin"), "platform-admin").sign();
    String tenant = "it-chain-cut";
    Http http = new Http(base);
    onboard(admin, organisation(tenant, "Cut", ""));
    var audit = Stores.audit().getDatabase("phi_audit");
    var events = audit.getCollection("audit_events");
    var heads = audit.getCollection("audit_chain_heads");
    String physician = Tokens.of(Tokens.subject("physician"), "physician").tenant(tenant).sign();
    refused(http, physician, 2); // each refusal is an event of the tenant's chain
    Document olderHead = settledHead(events, heads, tenant);
    long cut = olderHead.get("seq", Number.class).longValue();
    refused(http, physician, 3);
    long end = settledHead(events, heads, tenant).get("seq", Number.class).longValue();
    // The newest link is in a checkpoint within one interval (1 s in this build).
    long deadline = System.nanoTime() + java.time.Duration.ofSeconds(15).toNanos();
    while (CheckpointLines.read(List.of(Stores.checkpoints()), tenant).stream()
            .noneMatch(c -> c.seq() == end)
        && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    Reply intact = http.get("api/audit/chains/" + tenant + "/verify", admin).send();
    assertThat(intact.json().getBoolean("valid")).as(intact.toString()).isTrue();

    // An insider with the audit store deletes the newest events and puts the older head back.
    events.deleteMany(Filters.and(Filters.eq("tenantId", tenant), Filters.gt("seq", cut)));
    heads.replaceOne(Filters.eq("_id", tenant), olderHead);
    ChainVerification headOnly =
        new AuditChainVerifier(events, heads, ChainKey.from(k -> Optional.empty()))
            .verify(tenant, null, null);
    assertThat(headOnly.valid()).as("without checkpoints the cut passes").isTrue();
    Reply cutBack = http.get("api/audit/chains/" + tenant + "/verify", admin).send();
    assertThat(cutBack.json().getBoolean("valid")).as(cutBack.toString()).isFalse();
    assertThat(cutBack.json().getString("problem")).isEqualTo("TRUNCATED");
    assertThat(cutBack.json().getJsonNumber("brokenAt").longValue()).isEqualTo(cut + 1);
  }

  /** The chain's head once it has reached the newest event (it may lag, ADR 31). */
  private static Document settledHead(
      MongoCollection<Document> events, MongoCollection<Document> heads, String tenant)
      throws InterruptedException {
    long deadline = System.nanoTime() + java.time.Duration.ofSeconds(10).toNanos();
    while (true) {
      Document head = heads.find(Filters.eq("_id", tenant)).first();
      Document newest =
          events.find(Filters.eq("tenantId", tenant)).sort(Sorts.descending("seq")).first();
      if (head != null
          && newest != null
          && head.get("seq", Number.class).longValue()
              == newest.get("seq", Number.class).longValue()) {
        return head;
      }
      assertThat(System.nanoTime()).as("the chain head settles").isLessThan(deadline);
      Thread.sleep(20);
    }
  }

  private static void refused(Http http, String token, int times) {
    for (int i = 0; i < times; i++) {
      assertThat(http.get("api/audit/chains/_platform/verify", token).send().problemCode())
          .isEqualTo("PHR-403-01");
    }
  }

  @Test
  void suspensionAndTwoStepOffboardingWithCryptoShredding() throws Exception {
    String admin = Tokens.of(Tokens.subject("platform-admin"), "platform-admin").sign();
    String id = "it-lifecycle-" + System.nanoTime() % 1_000_000;
    Http http = new Http(base);
    assertThat(onboard(admin, organisation(id, "Life", "")).status()).isEqualTo(201);
    assertThat(
            http.call("POST", "api/tenants/" + id + "/suspend", admin)
                .send()
                .json()
                .getString("status"))
        .isEqualTo("SUSPENDED");
    assertThat(
            http.call("POST", "api/tenants/" + id + "/reactivate", admin)
                .send()
                .json()
                .getString("status"))
        .isEqualTo("ACTIVE");

    Reply ticket = http.call("POST", "api/tenants/" + id + "/offboarding", admin).send();
    assertThat(ticket.status()).as(ticket.toString()).isEqualTo(200);
    String confirmation = ticket.json().getString("confirmation");
    String second = Tokens.of(Tokens.subject("platform-admin"), "platform-admin").sign();
    Reply wrong =
        http.call("POST", "api/tenants/" + id + "/offboarding/confirm", second)
            .json("{\"confirmation\":\"000000\"}")
            .send();
    assertThat(wrong.problemCode()).isEqualTo("PHR-403-04");
    Reply own =
        http.call("POST", "api/tenants/" + id + "/offboarding/confirm", admin)
            .json("{\"confirmation\":\"" + confirmation + "\"}")
            .send();
    assertThat(own.problemCode()).as("dual control").isEqualTo("PHR-403-07");
    var vault = Stores.data().getDatabase("phi_keys").getCollection("data_keys");
    assertThat(vault.countDocuments(new Document("keyAltNames", "tenant:" + id))).isEqualTo(1);
    // The tenant's data key is wrapped by the tenant's own key, kept in an owner-only file.
    java.nio.file.Path tenantKey = tenantKeyFile(id);
    assertThat(
            vault
                .find(new Document("keyAltNames", "tenant:" + id))
                .first()
                .get("masterKey", Document.class)
                .getString("provider"))
        .isEqualTo("local:" + tenantKey.getFileName().toString().replace(".key", ""));
    assertThat(
            java.nio.file.attribute.PosixFilePermissions.toString(
                java.nio.file.Files.getPosixFilePermissions(tenantKey)))
        .isEqualTo("rw-------");

    Reply done =
        http.call("POST", "api/tenants/" + id + "/offboarding/confirm", second)
            .json("{\"confirmation\":\"" + confirmation + "\"}")
            .send();
    assertThat(done.status()).as(done.toString()).isEqualTo(200);
    assertThat(done.json().getString("status")).isEqualTo("OFFBOARDED");
    assertThat(
            vault.countDocuments(
                new Document("keyAltNames", new Document("$regex", "^(tenant|owner):" + id))))
        .isZero();
    assertThat(tenantKey).as("the tenant's master key is destroyed").doesNotExist();
    assertThat(http.call("POST", "api/tenants/" + id + "/reactivate", admin).send().problemCode())
        .isEqualTo("PHR-409-03");
  }

  /** The tenant's local master key file: {@code t} and a hash of the id (ADR 24). */
  private static java.nio.file.Path tenantKeyFile(String tenant) throws Exception {
    byte[] hash =
        java.security.MessageDigest.getInstance("SHA-256")
            .digest(tenant.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    return java.nio.file.Path.of(System.getProperty("it.tenant.keys"))
        .resolve("t" + java.util.HexFormat.of().formatHex(hash, 0, 12) + ".key");
  }

  @Test
  void tenantAdminsSetTheirOwnAlertSettingsWithinBounds() {
    String tenant = "it-settings";
    Seed.tenant(tenant);
    String tenantAdmin =
        Tokens.of(Tokens.subject("tenant-admin"), "tenant-admin").tenant(tenant).sign();
    Http http = new Http(base);
    Reply updated =
        http.call("PUT", "api/settings/alerts", tenantAdmin)
            .json(
                "{\"windowMinutes\":30,\"distinctPatients\":25,\"denials\":3,"
                    + "\"workingHours\":\"07:00-19:00\",\"zone\":\"America/Chicago\"}")
            .send();
    assertThat(updated.status()).as(updated.toString()).isEqualTo(200);
    assertThat(
            http.get("api/settings/alerts", tenantAdmin).send().json().getInt("distinctPatients"))
        .isEqualTo(25);
    Reply outOfBounds =
        http.call("PUT", "api/settings/alerts", tenantAdmin)
            .json("{\"windowMinutes\":30,\"distinctPatients\":0,\"denials\":3}")
            .send();
    assertThat(outOfBounds.problemCode()).isEqualTo("PHR-400-03");
    String physician = Tokens.of(Tokens.subject("physician"), "physician").tenant(tenant).sign();
    assertThat(http.get("api/settings/alerts", physician).send().problemCode())
        .isEqualTo("PHR-403-01");
    String platform = Tokens.of(Tokens.subject("platform-admin"), "platform-admin").sign();
    assertThat(http.get("api/settings/alerts", platform).send().problemCode())
        .isEqualTo("PHR-401-02");
  }

  @Test
  void tenantAdminsSetBreakGlassWithinTheModulesBounds() {
    String tenant = "it-break-glass";
    Seed.tenant(tenant);
    String subject = Tokens.subject("tenant-admin");
    String tenantAdmin = Tokens.of(subject, "tenant-admin").tenant(tenant).sign();
    Http http = new Http(base);
    Reply defaults = http.get("api/settings/break-glass", tenantAdmin).send();
    assertThat(defaults.status()).as(defaults.toString()).isEqualTo(200);
    assertThat(defaults.json().getInt("defaultMinutes")).isEqualTo(60);
    assertThat(defaults.json().getInt("maximumMinutes")).isEqualTo(240);
    assertThat(defaults.json().getBoolean("writes")).isFalse();
    Reply updated =
        http.call("PUT", "api/settings/break-glass", tenantAdmin)
            .json(
                "{\"enabled\":true,\"roles\":[\"PHYSICIAN\"],\"defaultMinutes\":30,"
                    + "\"maximumMinutes\":120,\"writes\":true}")
            .send();
    assertThat(updated.status()).as(updated.toString()).isEqualTo(200);
    assertThat(
            http.get("api/settings/break-glass", tenantAdmin)
                .send()
                .json()
                .getInt("defaultMinutes"))
        .isEqualTo(30);
    for (String bad :
        List.of(
            "{\"enabled\":true,\"roles\":[\"BILLING\"],\"defaultMinutes\":30,"
                + "\"maximumMinutes\":120,\"writes\":false}",
            "{\"enabled\":true,\"roles\":[],\"defaultMinutes\":30,"
                + "\"maximumMinutes\":1441,\"writes\":false}",
            "{\"enabled\":true,\"roles\":[],\"defaultMinutes\":200,"
                + "\"maximumMinutes\":120,\"writes\":false}")) {
      assertThat(
              http.call("PUT", "api/settings/break-glass", tenantAdmin)
                  .json(bad)
                  .send()
                  .problemCode())
          .isEqualTo("PHR-400-03");
    }
    assertThat(
            Seed.intentsOf(subject).stream()
                .filter(e -> "TenantSettings.updateBreakGlass".equals(e.getString("operation"))))
        .hasSize(1);
    String physician = Tokens.of(Tokens.subject("physician"), "physician").tenant(tenant).sign();
    assertThat(http.get("api/settings/break-glass", physician).send().problemCode())
        .isEqualTo("PHR-403-01");
  }

  @Test
  void tenantAdminsRegisterSystemClientsAndTheirScopesWithinTheModulesBounds() {
    String tenant = "it-system-clients";
    Seed.tenant(tenant);
    String subject = Tokens.subject("tenant-admin");
    String tenantAdmin = Tokens.of(subject, "tenant-admin").tenant(tenant).sign();
    Http http = new Http(base);
    Reply none = http.get("api/settings/system-clients", tenantAdmin).send();
    assertThat(none.status()).as(none.toString()).isEqualTo(200);
    assertThat(none.json().getJsonArray("clients")).isEmpty();
    assertThat(none.json().getJsonArray("table").toString()).contains("\"Patient.r\"");
    Reply updated =
        http.call("PUT", "api/settings/system-clients", tenantAdmin)
            .json(
                "{\"clients\":[{\"clientId\":\"ehr-sync\",\"scopes\":[\"system/Patient.rs\"]}],"
                    + "\"scopeTable\":[{\"row\":\"Patient.s\",\"permissions\":[]}]}")
            .send();
    assertThat(updated.status()).as(updated.toString()).isEqualTo(200);
    assertThat(updated.json().getJsonArray("clients").getJsonObject(0).getString("subject"))
        .isEqualTo("ehr-sync");
    assertThat(updated.json().getJsonArray("table").toString()).doesNotContain("Patient.s");
    Map<String, String> bad =
        Map.of(
            "{\"clients\":[{\"clientId\":\"system:audit\",\"scopes\":[]}]}",
            "PHR-400-35",
            "{\"clients\":[{\"clientId\":\"a\",\"scopes\":[\"user/Patient.rs\"]}]}",
            "PHR-400-36",
            "{\"clients\":[],\"scopeTable\":[{\"row\":\"Patient.r\","
                + "\"permissions\":[\"TENANT_SETTINGS\"]}]}",
            "PHR-400-37");
    bad.forEach(
        (body, code) ->
            assertThat(
                    http.call("PUT", "api/settings/system-clients", tenantAdmin)
                        .json(body)
                        .send()
                        .problemCode())
                .as(body)
                .isEqualTo(code));
    assertThat(
            http.get("api/settings/system-clients", tenantAdmin)
                .send()
                .json()
                .getJsonArray("clients"))
        .hasSize(1);
    assertThat(
            Seed.intentsOf(subject).stream()
                .filter(
                    e ->
                        "SystemClientRegistry.updateSystemClients"
                            .equals(e.getString("operation"))))
        .hasSize(1);
    String physician = Tokens.of(Tokens.subject("physician"), "physician").tenant(tenant).sign();
    assertThat(http.get("api/settings/system-clients", physician).send().problemCode())
        .isEqualTo("PHR-403-01");
  }

  @Test
  void tenantAdminsClearSensitiveCategoriesAtOrganisations() {
    String tenant = "it-clearances";
    Seed.tenant(tenant);
    Scopes.organisation(tenant, "behavioural-health", null, "ACTIVE");
    String tenantAdmin =
        Tokens.of(Tokens.subject("tenant-admin"), "tenant-admin").tenant(tenant).sign();
    Http http = new Http(base);
    String body =
        "{\"physician\":[],\"billing\":[],\"organisations\":[{\"organisation\":"
            + "\"%s\",\"physician\":[\"BEHAVIOURAL_HEALTH\"],\"billing\":[]}]}";
    Reply set =
        http.call("PUT", "api/settings/sensitive-clearances", tenantAdmin)
            .json(body.formatted("behavioural-health"))
            .send();
    assertThat(set.status()).as(set.toString()).isEqualTo(200);
    Reply read = http.get("api/settings/sensitive-clearances", tenantAdmin).send();
    assertThat(read.json().getJsonArray("physician")).isEmpty();
    assertThat(read.json().getJsonArray("organisations").getJsonObject(0).toString())
        .isEqualTo(
            "{\"organisation\":\"behavioural-health\",\"physician\":[\"BEHAVIOURAL_HEALTH\"],"
                + "\"billing\":[]}");
    Reply unknown =
        http.call("PUT", "api/settings/sensitive-clearances", tenantAdmin)
            .json(body.formatted("no-such-facility"))
            .send();
    assertThat(unknown.status()).as(unknown.toString()).isEqualTo(404);
    assertThat(unknown.problemCode()).isEqualTo("PHR-404-02");
    assertThat(
            http.call("PUT", "api/settings/sensitive-clearances", tenantAdmin)
                .json(body.formatted("Not An Id"))
                .send()
                .problemCode())
        .isEqualTo("PHR-400-03");
    assertThat(
            http.get("api/settings/sensitive-clearances", tenantAdmin)
                .send()
                .json()
                .getJsonArray("organisations"))
        .as("a refused change leaves the clearances as they were")
        .hasSize(1);
  }

  @Test
  void tenantAdminsTurnCareTeamsOnAndOff() {
    String tenant = "it-care-teams";
    Seed.tenant(tenant);
    String subject = Tokens.subject("tenant-admin");
    String tenantAdmin = Tokens.of(subject, "tenant-admin").tenant(tenant).sign();
    Http http = new Http(base);
    Reply off = http.get("api/settings/care-teams", tenantAdmin).send();
    assertThat(off.status()).as(off.toString()).isEqualTo(200);
    assertThat(off.json().getBoolean("enabled")).isFalse();
    Reply on =
        http.call("PUT", "api/settings/care-teams", tenantAdmin).json("{\"enabled\":true}").send();
    assertThat(on.status()).as(on.toString()).isEqualTo(200);
    assertThat(http.get("api/settings/care-teams", tenantAdmin).send().json().getBoolean("enabled"))
        .isTrue();
    for (String bad : List.of("{}", "{\"enabled\":\"yes\"}", "{\"enabled\":null}")) {
      assertThat(
              http.call("PUT", "api/settings/care-teams", tenantAdmin)
                  .json(bad)
                  .send()
                  .problemCode())
          .as(bad)
          .startsWith("PHR-400-");
    }
    assertThat(
            Seed.intentsOf(subject).stream()
                .filter(e -> "TenantSettings.updateCareTeams".equals(e.getString("operation"))))
        .hasSize(1);
    String physician = Tokens.of(Tokens.subject("physician"), "physician").tenant(tenant).sign();
    assertThat(http.get("api/settings/care-teams", physician).send().problemCode())
        .isEqualTo("PHR-403-01");
  }

  @Test
  void aTenantsOwnIdentityProviderSignsInOnlyItsOwnUsersWithMappedRoles() {
    String admin = Tokens.of(Tokens.subject("platform-admin"), "platform-admin").sign();
    String id = "it-own-idp-" + System.nanoTime() % 1_000_000;
    String issuer = "https://idp." + id + ".test";
    KeyPair idpKey = Tokens.keyPair();
    String idp =
        ",\"identityProvider\":{\"issuer\":\""
            + issuer
            + "\",\"publicKeyPem\":\""
            + Tokens.pem(idpKey.getPublic()).replace("\n", "\\n")
            + "\"}";
    Reply created = onboard(admin, organisation(id, "Own IdP Clinic", idp));
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    assertThat(created.json().getString("identityProviderIssuer")).isEqualTo(issuer);
    Http http = new Http(base);

    // The first admin named at onboarding signs in with the tenant's IdP, without any tenant claim.
    String firstAdmin = Tokens.of("admin-1").issuer(issuer).signedBy(idpKey.getPrivate()).sign();
    Reply mapped =
        http.call("PUT", "api/settings/group-mapping", firstAdmin)
            .json("{\"groups\":[{\"group\":\"IT Admins\",\"roles\":[\"tenant-admin\"]}]}")
            .send();
    assertThat(mapped.status()).as(mapped.toString()).isEqualTo(200);
    assertThat(http.get("api/settings/group-mapping", firstAdmin).send().body())
        .contains("IT Admins", "tenant-admin");

    // A member of a mapped group acts; of an unmapped group, or claiming platform-admin, not.
    String member = Tokens.subject("idp-user");
    assertThat(
            http.get("api/settings/alerts", idpToken(member, issuer, idpKey, "IT Admins"))
                .send()
                .status())
        .isEqualTo(200);
    assertThat(
            http.get("api/settings/alerts", idpToken(member, issuer, idpKey, "Other"))
                .send()
                .problemCode())
        .isEqualTo("PHR-403-01");
    assertThat(
            http.get("api/tenants", idpToken(member, issuer, idpKey, "platform-admin"))
                .send()
                .problemCode())
        .isEqualTo("PHR-403-01");

    // Its key never acts in another tenant, even when the token claims that tenant.
    Seed.tenant("it-tenant-a");
    String crossing =
        Tokens.of(member, "IT Admins")
            .issuer(issuer)
            .tenant("it-tenant-a")
            .signedBy(idpKey.getPrivate())
            .sign();
    assertThat(http.get("api/settings/alerts", crossing).send().problemCode())
        .isEqualTo("PHR-401-01");
    // Nor does another key with its issuer, nor the platform's issuer for this tenant.
    String forged = Tokens.of("admin-1").issuer(issuer).untrustedKey().sign();
    assertThat(http.get("api/settings/alerts", forged).send().problemCode())
        .isEqualTo("PHR-401-01");
    String platformIssued = Tokens.of("admin-1", "tenant-admin").tenant(id).sign();
    assertThat(http.get("api/settings/alerts", platformIssued).send().problemCode())
        .isEqualTo("PHR-401-01");
    // One issuer belongs to one tenant.
    Reply taken = onboard(admin, organisation(id + "-copy", "Copy", idp));
    assertThat(taken.problemCode()).isEqualTo("PHR-409-02");
  }

  /**
   * Onboards tenant {@code id} with its own identity provider {@code issuer}, signing with {@code
   * key}.
   */
  private void onboardWithOwnIdp(
      String platform, String id, String name, String issuer, KeyPair key) {
    Reply created =
        onboard(
            platform,
            organisation(
                id,
                name,
                ",\"identityProvider\":{\"issuer\":\""
                    + issuer
                    + "\",\"publicKeyPem\":\""
                    + Tokens.pem(key.getPublic()).replace("\n", "\\n")
                    + "\"}"));
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
  }

  private static String idpToken(String subject, String issuer, KeyPair key, String group) {
    return Tokens.of(subject, group).issuer(issuer).signedBy(key.getPrivate()).sign();
  }

  @Test
  void aGrantOfAPhiRoleTakesEffectOnlyOnceASecondAdministratorApprovesIt() {
    String platform = Tokens.of(Tokens.subject("platform-admin"), "platform-admin").sign();
    String id = "it-dual-" + System.nanoTime() % 1_000_000;
    String issuer = "https://idp." + id + ".test";
    KeyPair key = Tokens.keyPair();
    onboardWithOwnIdp(platform, id, "Dual Control Clinic", issuer, key);
    Http http = new Http(base);
    // A: the first admin. B: another admin. C: an admin who also belongs to Cardiology.
    String a = Tokens.of("admin-1", "IT Admins").issuer(issuer).signedBy(key.getPrivate()).sign();
    String admins = "{\"group\":\"IT Admins\",\"roles\":[\"tenant-admin\"]}";
    Reply mapped =
        http.call("PUT", "api/settings/group-mapping", a)
            .json("{\"groups\":[" + admins + "]}")
            .send();
    assertThat(mapped.status()).as("no PHI role: at once").isEqualTo(200);
    String b = idpToken(Tokens.subject("admin"), issuer, key, "IT Admins");
    String cSubject = Tokens.subject("admin");
    String c =
        Tokens.of(cSubject, "IT Admins", "Cardiology")
            .issuer(issuer)
            .signedBy(key.getPrivate())
            .sign();
    String grant =
        "{\"groups\":[" + admins + ",{\"group\":\"Cardiology\",\"roles\":[\"physician\"]}]}";

    Reply own = http.call("PUT", "api/settings/group-mapping", c).json(grant).send();
    assertThat(own.status()).as(own.toString()).isEqualTo(403);
    assertThat(own.problemCode()).isEqualTo("PHR-403-08");

    Reply requested = http.call("PUT", "api/settings/group-mapping", a).json(grant).send();
    assertThat(requested.status()).as(requested.toString()).isEqualTo(200);
    assertThat(requested.body()).doesNotContain("Cardiology");
    JsonObject change =
        http.get("api/settings/group-mapping/changes", b)
            .send()
            .json()
            .getJsonArray("items")
            .getJsonObject(0);
    assertThat(change.getString("group")).isEqualTo("Cardiology");
    assertThat(change.getString("requestedBy")).isEqualTo("admin-1");
    String approval = "api/settings/group-mapping/changes/" + change.getString("id") + "/approval";
    // Before approval, C's Cardiology membership grants nothing: C is only a tenant admin.
    assertThat(http.get("api/settings/alerts", c).send().status()).isEqualTo(200);

    assertThat(http.call("POST", approval, a).send().problemCode()).isEqualTo("PHR-403-07");
    assertThat(http.call("POST", approval, c).send().problemCode()).isEqualTo("PHR-403-08");
    assertThat(Seed.auditOf(cSubject))
        .extracting(d -> d.getString("operation") + ":" + d.getString("outcome"))
        .contains(
            "TenantSettings.updateGroupMapping:DENIED",
            "TenantSettings.approveMappingChange:DENIED");
    Reply approved = http.call("POST", approval, b).send();
    assertThat(approved.status()).as(approved.toString()).isEqualTo(200);
    assertThat(approved.body()).contains("Cardiology", "physician");
    assertThat(
            http.get("api/settings/group-mapping/changes", b).send().json().getJsonArray("items"))
        .isEmpty();
    // Cardiology now maps to physician: C's token holds an admin and a PHI role, out of bounds.
    Reply bounded = http.get("api/settings/alerts", c).send();
    assertThat(bounded.status()).as(bounded.toString()).isEqualTo(401);
    assertThat(http.call("POST", approval, b).send().problemCode()).isEqualTo("PHR-409-08");
  }

  @Test
  void administrativeChangesAreRefusedUnchangedWhileTheAuditStoreIsDown() {
    String tenant = "it-announced";
    Seed.tenant(tenant);
    String adminSubject = Tokens.subject("tenant-admin");
    String tenantAdmin = Tokens.of(adminSubject, "tenant-admin").tenant(tenant).sign();
    String platform = Tokens.of(Tokens.subject("platform-admin"), "platform-admin").sign();
    var registry = Stores.data().getDatabase("phi_tenants").getCollection("tenants");
    Document before = registry.find(new Document("_id", tenant)).first();
    Http http = new Http(base);
    String mapping = "{\"groups\":[{\"group\":\"nurses\",\"roles\":[\"billing\"]}]}";
    Stores.backend().stopAudit();
    try {
      Reply mapped =
          http.call("PUT", "api/settings/group-mapping", tenantAdmin).json(mapping).send();
      assertThat(mapped.status()).as(mapped.toString()).isEqualTo(503);
      assertThat(mapped.problemCode()).isEqualTo("PHR-503-01");
      Reply suspended = http.call("POST", "api/tenants/" + tenant + "/suspend", platform).send();
      assertThat(suspended.problemCode()).isEqualTo("PHR-503-01");
    } finally {
      Stores.backend().startAudit();
    }
    assertThat(registry.find(new Document("_id", tenant)).first()).isEqualTo(before);

    Reply mapped = http.call("PUT", "api/settings/group-mapping", tenantAdmin).json(mapping).send();
    assertThat(mapped.status()).as(mapped.toString()).isEqualTo(200);
    // Announced, then concluded under the same intent.
    List<Document> events = Seed.allAuditOf(adminSubject);
    assertThat(events)
        .extracting(d -> d.getString("operation") + ":" + d.getString("outcome"))
        .containsSubsequence(
            "TenantSettings.updateGroupMapping:INTENDED",
            "TenantSettings.updateGroupMapping:SUCCESS");
    assertThat(
            events.stream()
                .filter(d -> "TenantSettings.updateGroupMapping".equals(d.getString("operation")))
                .map(d -> d.getString("intentId"))
                .distinct())
        .hasSize(1)
        .doesNotContainNull();
  }

  @Test
  void groupMappingAndRetentionStayWithinTheModulesBounds() {
    String tenant = "it-bounds";
    Seed.tenant(tenant);
    String tenantAdmin =
        Tokens.of(Tokens.subject("tenant-admin"), "tenant-admin").tenant(tenant).sign();
    Http http = new Http(base);
    for (String roles :
        List.of(
            "[\"tenant-admin\",\"physician\"]",
            "[\"privacy-officer\",\"billing\"]",
            "[\"billing\",\"physician\"]",
            "[\"platform-admin\"]",
            "[\"superuser\"]")) {
      Reply refused =
          http.call("PUT", "api/settings/group-mapping", tenantAdmin)
              .json("{\"groups\":[{\"group\":\"g\",\"roles\":" + roles + "}]}")
              .send();
      assertThat(refused.problemCode()).as(roles).isEqualTo("PHR-400-03");
    }
    assertThat(
            http.get("api/settings/group-mapping", tenantAdmin)
                .send()
                .json()
                .getJsonArray("groups"))
        .isEmpty();

    assertThat(http.get("api/settings/audit-retention", tenantAdmin).send().json().getInt("years"))
        .isEqualTo(6);
    Reply tooShort =
        http.call("PUT", "api/settings/audit-retention", tenantAdmin).json("{\"years\":5}").send();
    assertThat(tooShort.problemCode()).isEqualTo("PHR-400-03");
    Reply longer =
        http.call("PUT", "api/settings/audit-retention", tenantAdmin).json("{\"years\":10}").send();
    assertThat(longer.status()).as(longer.toString()).isEqualTo(200);
    assertThat(http.get("api/settings/audit-retention", tenantAdmin).send().json().getInt("years"))
        .isEqualTo(10);
  }

  /** {@code RECORDS_JWT_REVOCATION_CACHE_SECONDS} of the ITs (pom.xml). */
  static final Duration REVOCATION_BOUND = Duration.ofSeconds(5);

  @Test
  void aRevokedSubjectsTokensAreRefusedWithinTheBoundWhileNewTokensWork() throws Exception {
    String tenant = "it-revoke";
    Seed.tenant(tenant);
    Http http = new Http(base);
    Instant earlier = Instant.now().minusSeconds(10);
    String subject = Tokens.subject("tenant-admin");
    String old =
        Tokens.of(subject, "tenant-admin")
            .tenant(tenant)
            .issued(earlier, Duration.ofMinutes(30))
            .sign();
    assertThat(http.get("api/settings/alerts", old).send().status()).isEqualTo(200);

    String colleagueSubject = Tokens.subject("tenant-admin");
    String colleague = Tokens.of(colleagueSubject, "tenant-admin").tenant(tenant).sign();
    Reply revoked =
        http.call("POST", "api/sessions/revocations", colleague)
            .json("{\"subject\":\"" + subject + "\"}")
            .send();
    assertThat(revoked.status()).as(revoked.toString()).isEqualTo(200);
    Instant notBefore = Instant.parse(revoked.json().getString("notBefore"));
    // The instance that revoked refuses the old token at once.
    Reply refused = http.get("api/settings/alerts", old).send();
    assertThat(refused.status()).isEqualTo(401);
    assertThat(refused.problemCode()).isEqualTo("PHR-401-01");
    assertThat(Seed.intentsOf(colleagueSubject))
        .extracting(d -> d.getString("operation"))
        .containsExactly("SessionRevocation.revokeInTenant");
    assertThat(Seed.auditOf(colleagueSubject))
        .extracting(d -> d.getString("operation") + ":" + d.getString("outcome"))
        .containsExactly("SessionRevocation.revokeInTenant:SUCCESS");
    // A token issued after the revocation works.
    while (Instant.now().isBefore(notBefore)) {
      Thread.sleep(100);
    }
    String fresh = Tokens.of(subject, "tenant-admin").tenant(tenant).sign();
    assertThat(http.get("api/settings/alerts", fresh).send().status()).isEqualTo(200);

    // A revocation made by another instance (its store write) reaches this one within the bound,
    // though this instance remembered that the subject was not revoked.
    String other = Tokens.subject("tenant-admin");
    String otherOld =
        Tokens.of(other, "tenant-admin")
            .tenant(tenant)
            .issued(earlier, Duration.ofMinutes(30))
            .sign();
    assertThat(http.get("api/settings/alerts", otherOld).send().status()).isEqualTo(200);
    Instant written = Instant.now();
    Stores.data()
        .getDatabase("phi_tenants")
        .getCollection("session_revocations")
        .insertOne(
            new Document("tenantId", tenant)
                .append("issuer", Tokens.ISSUER)
                .append("subject", other)
                .append("notBefore", java.util.Date.from(written.plusSeconds(1))));
    int status = 200;
    while (status == 200 && Instant.now().isBefore(written.plus(REVOCATION_BOUND.plusSeconds(5)))) {
      Thread.sleep(250);
      status = http.get("api/settings/alerts", otherOld).send().status();
    }
    assertThat(status).isEqualTo(401);
    assertThat(Duration.between(written, Instant.now()))
        .isLessThanOrEqualTo(REVOCATION_BOUND.plusSeconds(2));

    // A platform admin revokes a subject of the platform issuer everywhere.
    String platformUser = Tokens.subject("tenant-admin");
    String platformOld =
        Tokens.of(platformUser, "tenant-admin")
            .tenant(tenant)
            .issued(earlier, Duration.ofMinutes(30))
            .sign();
    String platformAdmin = Tokens.of(Tokens.subject("platform-admin"), "platform-admin").sign();
    assertThat(
            http.call("POST", "api/sessions/platform-revocations", colleague)
                .json("{\"subject\":\"" + platformUser + "\"}")
                .send()
                .problemCode())
        .isEqualTo("PHR-403-01");
    assertThat(
            http.call("POST", "api/sessions/platform-revocations", platformAdmin)
                .json("{\"subject\":\"" + platformUser + "\"}")
                .send()
                .status())
        .isEqualTo(200);
    assertThat(http.get("api/settings/alerts", platformOld).send().status()).isEqualTo(401);
  }

  @Test
  void badInputIsRefused() {
    String admin = Tokens.of(Tokens.subject("platform-admin"), "platform-admin").sign();
    assertThat(onboard(admin, organisation("Bad_ID!", "x", "")).problemCode())
        .isEqualTo("PHR-400-05");
    assertThat(onboard(admin, "{\"id\":{\"$ne\":null},\"displayName\":\"x\"}").problemCode())
        .isEqualTo("PHR-400-06");
    assertThat(onboard(admin, organisation("ok-id", "x", ",\"x\":1")).problemCode())
        .isEqualTo("PHR-400-02");
  }

  @Test
  void tenantAdminsKeepTheirOrganisationTreeAuditedAndWithinTheirTenant() {
    String tenant = "it-orgs-" + System.nanoTime() % 1_000_000;
    Seed.tenant(tenant);
    Seed.tenant("it-orgs-other");
    String adminSubject = Tokens.subject("tenant-admin");
    String admin = Tokens.of(adminSubject, "tenant-admin").tenant(tenant).sign();
    Http http = new Http(base);
    String client = "{\"id\":\"client-a\",\"displayName\":\"Client A\",\"kind\":\"CLIENT\"}";

    Reply created = http.call("POST", "api/organisations", admin).json(client).send();
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    assertThat(created.json().getString("status")).isEqualTo("ACTIVE");
    Reply repeated = http.call("POST", "api/organisations", admin).json(client).send();
    assertThat(repeated.status()).isEqualTo(201);
    assertThat(repeated.json().getInt("version")).isEqualTo(1);
    Reply group =
        http.call("POST", "api/organisations", admin)
            .json(
                "{\"id\":\"group-a1\",\"displayName\":\"Group A1\","
                    + "\"kind\":\"EMPLOYER_GROUP\",\"parent\":\"client-a\"}")
            .send();
    assertThat(group.json().getString("parent")).isEqualTo("client-a");

    Reply cycle =
        http.call("POST", "api/organisations/client-a/move", admin)
            .json("{\"parent\":\"group-a1\"}")
            .send();
    assertThat(cycle.status()).as(cycle.toString()).isEqualTo(409);
    assertThat(cycle.problemCode()).isEqualTo("PHR-409-11");
    Reply unknownParent =
        http.call("POST", "api/organisations", admin)
            .json(
                "{\"id\":\"orphan\",\"displayName\":\"Orphan\",\"kind\":\"FACILITY\","
                    + "\"parent\":\"nowhere\"}")
            .send();
    assertThat(unknownParent.problemCode()).isEqualTo("PHR-404-02");
    Reply badName =
        http.call("POST", "api/organisations/group-a1/rename", admin)
            .json("{\"displayName\":\"<b>Group</b>\"}")
            .send();
    assertThat(badName.problemCode()).isEqualTo("PHR-400-03");
    Reply renamed =
        http.call("POST", "api/organisations/group-a1/rename", admin)
            .json("{\"displayName\":\"Group A1 (retirees)\"}")
            .send();
    assertThat(renamed.json().getString("displayName")).isEqualTo("Group A1 (retirees)");

    Reply first = http.get("api/organisations?limit=1", admin).send();
    assertThat(first.json().getJsonArray("items")).hasSize(1);
    Reply second =
        http.get("api/organisations?limit=1&after=" + first.json().getString("next"), admin).send();
    assertThat(second.json().getJsonArray("items").getJsonObject(0).getString("id"))
        .isEqualTo("group-a1");
    assertThat(second.json().containsKey("next")).isFalse();

    // A patient's membership below client-a (seeded as records-web would store it) keeps it open.
    Stores.data()
        .getDatabase("phi_identity")
        .getCollection("memberships")
        .insertOne(
            new Document("tenantId", tenant)
                .append("membershipId", "AAAAAAAAAAAAAAAAAAAAAA")
                .append("patientId", "BBBBBBBBBBBBBBBBBBBBBB")
                .append("organisationId", "group-a1")
                .append("start", java.util.Date.from(Instant.now().minusSeconds(86_400)))
                .append("end", null)
                .append("version", 1L));
    Reply close = http.call("POST", "api/organisations/client-a/close", admin).send();
    assertThat(close.status()).as(close.toString()).isEqualTo(409);
    assertThat(close.problemCode()).isEqualTo("PHR-409-12");
    Reply suspended = http.call("POST", "api/organisations/client-a/suspend", admin).send();
    assertThat(suspended.json().getString("status")).isEqualTo("SUSPENDED");

    String other =
        Tokens.of(Tokens.subject("tenant-admin"), "tenant-admin").tenant("it-orgs-other").sign();
    assertThat(http.get("api/organisations/client-a", other).send().problemCode())
        .isEqualTo("PHR-404-01");
    String physician = Tokens.of(Tokens.subject("physician"), "physician").tenant(tenant).sign();
    assertThat(
            http.call("POST", "api/organisations/client-a/reactivate", physician).send().status())
        .isEqualTo(403);

    assertThat(Seed.allAuditOf(adminSubject))
        .extracting(d -> d.getString("operation") + ":" + d.getString("outcome"))
        .containsSubsequence(
            "Organisations.create:INTENDED",
            "Organisations.create:SUCCESS",
            "Organisations.move:CONFLICT",
            "Organisations.rename:INTENDED",
            "Organisations.rename:SUCCESS",
            "Organisations.close:CONFLICT",
            "Organisations.suspend:INTENDED",
            "Organisations.suspend:SUCCESS");
  }

  private static String grant(String kind, String principal, String role, String organisation) {
    return "{\"principalKind\":\""
        + kind
        + "\",\"principal\":\""
        + principal
        + "\",\"role\":\""
        + role
        + "\""
        + (organisation == null ? "" : ",\"organisation\":\"" + organisation + "\"")
        + "}";
  }

  @Test
  void tenantAdminsGrantRolesAtOrganisationsAndASecondAdminApprovesPhiRoles() {
    String platform = Tokens.of(Tokens.subject("platform-admin"), "platform-admin").sign();
    String id = "it-grants-" + System.nanoTime() % 1_000_000;
    String issuer = "https://idp." + id + ".test";
    KeyPair key = Tokens.keyPair();
    onboardWithOwnIdp(platform, id, "Grants Insurer", issuer, key);
    Http http = new Http(base);
    // A: the first admin. B: another admin. C: an admin who also belongs to Cardiology.
    String a = Tokens.of("admin-1", "IT Admins").issuer(issuer).signedBy(key.getPrivate()).sign();
    Reply mapped =
        http.call("PUT", "api/settings/group-mapping", a)
            .json("{\"groups\":[{\"group\":\"IT Admins\",\"roles\":[\"tenant-admin\"]}]}")
            .send();
    assertThat(mapped.status()).as(mapped.toString()).isEqualTo(200);
    String bSubject = Tokens.subject("admin");
    String b = idpToken(bSubject, issuer, key, "IT Admins");
    String cSubject = Tokens.subject("admin");
    String c =
        Tokens.of(cSubject, "IT Admins", "Cardiology")
            .issuer(issuer)
            .signedBy(key.getPrivate())
            .sign();
    for (String org : List.of("client-a", "client-b")) {
      String body = "{\"id\":\"" + org + "\",\"displayName\":\"Client\",\"kind\":\"CLIENT\"}";
      assertThat(http.call("POST", "api/organisations", a).json(body).send().status())
          .isEqualTo(201);
    }
    String cardiology = grant("GROUP", "Cardiology", "physician", "client-a");

    Reply self =
        http.call("POST", "api/grants", a)
            .json(grant("SUBJECT", "admin-1", "physician", null))
            .send();
    assertThat(self.problemCode()).as(self.toString()).isEqualTo("PHR-403-08");
    assertThat(http.call("POST", "api/grants", c).json(cardiology).send().problemCode())
        .isEqualTo("PHR-403-08");
    Reply requested = http.call("POST", "api/grants", a).json(cardiology).send();
    assertThat(requested.status()).as(requested.toString()).isEqualTo(201);
    JsonObject pending = requested.json();
    assertThat(pending.getString("status")).isEqualTo("PENDING");
    assertThat(pending.getString("organisation")).isEqualTo("client-a");
    assertThat(pending.getString("requestedBy")).isEqualTo("admin-1");
    assertThat(http.call("POST", "api/grants", a).json(cardiology).send().json().getString("id"))
        .isEqualTo(pending.getString("id"));
    String approval = "api/grants/" + pending.getString("id") + "/approval";
    assertThat(http.call("POST", approval, a).send().problemCode()).isEqualTo("PHR-403-07");
    assertThat(http.call("POST", approval, c).send().problemCode()).isEqualTo("PHR-403-08");
    Reply approved = http.call("POST", approval, b).send();
    assertThat(approved.status()).as(approved.toString()).isEqualTo(200);
    assertThat(approved.json().getString("status")).isEqualTo("ACTIVE");
    assertThat(approved.json().getString("approvedBy")).isEqualTo(bSubject);
    assertThat(http.call("POST", approval, b).send().problemCode()).isEqualTo("PHR-409-14");

    assertThat(
            http.call("POST", "api/grants", a)
                .json(grant("GROUP", "Ops", "platform-admin", null))
                .send()
                .problemCode())
        .isEqualTo("PHR-400-12");
    assertThat(
            http.call("POST", "api/grants", a)
                .json(grant("GROUP", "Ops", "billing", "nowhere"))
                .send()
                .problemCode())
        .isEqualTo("PHR-404-02");
    assertThat(http.call("POST", "api/organisations/client-b/close", a).send().status())
        .isEqualTo(200);
    assertThat(
            http.call("POST", "api/grants", a)
                .json(grant("GROUP", "Ops", "billing", "client-b"))
                .send()
                .problemCode())
        .isEqualTo("PHR-409-13");
    Reply officer =
        http.call("POST", "api/grants", a)
            .json(grant("SUBJECT", "officer-1", "privacy-officer", null))
            .send();
    assertThat(officer.json().getString("status")).isEqualTo("ACTIVE");
    assertThat(officer.json().containsKey("organisation")).isFalse();

    Reply first = http.get("api/grants?limit=1", b).send();
    assertThat(first.json().getJsonArray("items")).hasSize(1);
    Reply second = http.get("api/grants?limit=1&after=" + first.json().getString("next"), b).send();
    assertThat(second.json().getJsonArray("items")).hasSize(1);
    assertThat(second.json().containsKey("next")).isFalse();
    assertThat(
            http.get("api/grants?organisation=client-a", b)
                .send()
                .json()
                .getJsonArray("items")
                .getJsonObject(0)
                .getString("principal"))
        .isEqualTo("Cardiology");
    assertThat(
            http.get("api/grants?principalKind=SUBJECT&principal=officer-1", b)
                .send()
                .json()
                .getJsonArray("items"))
        .hasSize(1);
    assertThat(http.get("api/grants?principal=officer-1", b).send().problemCode())
        .isEqualTo("PHR-400-07");

    String officerPath = "api/grants/" + officer.json().getString("id");
    Seed.tenant("it-grants-other");
    String other =
        Tokens.of(Tokens.subject("tenant-admin"), "tenant-admin").tenant("it-grants-other").sign();
    assertThat(http.get(officerPath, other).send().problemCode()).isEqualTo("PHR-404-01");
    assertThat(http.call("DELETE", officerPath, other).send().problemCode())
        .isEqualTo("PHR-404-01");
    Reply revoked = http.call("DELETE", officerPath, b).send();
    assertThat(revoked.status()).as(revoked.toString()).isEqualTo(200);
    assertThat(http.get(officerPath, b).send().problemCode()).isEqualTo("PHR-404-01");

    assertThat(
            Stores.data()
                .getDatabase("phi_tenants")
                .getCollection("grants")
                .find(new Document("tenantId", id))
                .map(d -> d.getString("principal") + "=" + d.getString("status"))
                .into(new java.util.ArrayList<>()))
        .containsExactly("Cardiology=ACTIVE");
    assertThat(Seed.allAuditOf("admin-1"))
        .extracting(d -> d.getString("operation") + ":" + d.getString("outcome"))
        .containsSubsequence(
            "Grants.create:DENIED",
            "Grants.create:INTENDED",
            "Grants.create:SUCCESS",
            "Grants.create:SUCCESS",
            "Grants.approve:DENIED");
    assertThat(Seed.allAuditOf(bSubject))
        .extracting(d -> d.getString("operation") + ":" + d.getString("outcome"))
        .containsSubsequence(
            "Grants.approve:INTENDED",
            "Grants.approve:SUCCESS",
            "Grants.revoke:INTENDED",
            "Grants.revoke:SUCCESS");
  }
}
