package org.phirecords.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import jakarta.json.JsonObject;
import java.io.File;
import java.net.URL;
import java.util.Date;
import java.util.List;
import org.bson.Document;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.phirecords.it.support.Http;
import org.phirecords.it.support.Http.Reply;
import org.phirecords.it.support.Links;
import org.phirecords.it.support.Scopes;
import org.phirecords.it.support.Seed;
import org.phirecords.it.support.Stores;
import org.phirecords.it.support.Tokens;

/**
 * Break-glass (ADR 28) on Payara Micro with real tokens: declare, read under the declaration,
 * expiry and refusal, the privacy officer's queue, the patient's access history, sensitive entries.
 */
@ExtendWith({Stores.class, ArquillianExtension.class})
class BreakGlassIT {
  static final String HEADER = "Phi-Emergency-Access";
  static final String JUSTIFICATION = "Synthetic: unresponsive on arrival, no contact reachable.";

  @Deployment(testable = false)
  static WebArchive recordsWeb() {
    return ShrinkWrap.createFromZipFile(
        WebArchive.class, new File(System.getProperty("it.wars"), "records-web.war"));
  }

  @ArquillianResource URL base;
  Http http;
  String tenant;
  String physician;
  String physicianSubject;

  @BeforeEach
  void setUp() {
    http = new Http(base);
    tenant = "it-glass-" + Long.toString(System.nanoTime(), 36);
    Seed.tenant(tenant);
    physicianSubject = Tokens.subject("physician");
    physician = Tokens.of(physicianSubject, "physician").tenant(tenant).sign();
  }

  private String newPatient() {
    Reply r = http.call("POST", "api/patients", physician).json(Seed.patientJson()).send();
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    return r.json().getString("id");
  }

  private Reply declare(String token, String patient, String body) {
    return http.call("POST", "api/patients/" + patient + "/emergency-access", token)
        .json(body)
        .send();
  }

  private String declared(String patient) {
    Reply r =
        declare(
            physician,
            patient,
            "{\"reason\":\"UNCONSCIOUS_PATIENT\",\"justification\":\"" + JUSTIFICATION + "\"}");
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    assertThat(r.json().getString("review")).isEqualTo("UNREVIEWED");
    return r.json().getString("id");
  }

  private static void assertProblem(Reply r, int status, String code) {
    assertThat(r.status()).as(r.toString()).isEqualTo(status);
    assertThat(r.problemCode()).as(r.toString()).isEqualTo(code);
  }

  private static void setting(String tenant, String field, Object value) {
    Stores.data()
        .getDatabase("phi_tenants")
        .getCollection("tenants")
        .updateOne(Filters.eq("_id", tenant), Updates.set(field, value));
  }

  @Test
  void declareReadExpireReviewAndThePatientSeesIt() {
    String patient = newPatient();
    String id = declared(patient);

    Reply read = http.get("api/patients/" + patient, physician).header(HEADER, id).send();
    assertThat(read.status()).as(read.toString()).isEqualTo(200);
    List<Document> reads =
        Seed.auditOf(physicianSubject).stream()
            .filter(e -> "PatientDirectory.get".equals(e.getString("operation")))
            .toList();
    assertThat(reads).hasSize(1);
    assertThat(reads.get(0).getString("purposeOfUse")).isEqualTo("ETREAT");
    assertThat(reads.get(0).getString("emergencyId")).isEqualTo(id);
    // The justification is nowhere in the trail, and sealed at rest.
    assertThat(Seed.allAuditOf(physicianSubject).toString()).doesNotContain("unresponsive");
    Document stored =
        Stores.data()
            .getDatabase("phi_identity")
            .getCollection("emergency_access")
            .find(Filters.eq("declarationId", id))
            .first();
    assertThat(stored).isNotNull();
    assertThat(stored.toJson()).doesNotContain("unresponsive");

    // Another physician cannot use it; nor can it reach another patient.
    String other = Tokens.of(Tokens.subject("physician"), "physician").tenant(tenant).sign();
    assertProblem(
        http.get("api/patients/" + patient, other).header(HEADER, id).send(), 403, "PHR-403-12");
    assertProblem(
        http.get("api/patients/" + newPatient(), physician).header(HEADER, id).send(),
        403,
        "PHR-403-12");
    // Reads only by default.
    assertProblem(
        http.call("POST", "api/patients/" + patient + "/entries", physician)
            .header(HEADER, id)
            .json(Seed.conditionJson("E11.9", "Synthetic note."))
            .send(),
        403,
        "PHR-403-13");

    // The window closes (moved back in the store rather than waiting an hour): refused, audited.
    Stores.data()
        .getDatabase("phi_identity")
        .getCollection("emergency_access")
        .updateOne(
            Filters.eq("declarationId", id),
            Updates.set("expiresAt", new Date(System.currentTimeMillis() - 1000)));
    assertProblem(
        http.get("api/patients/" + patient, physician).header(HEADER, id).send(),
        403,
        "PHR-403-12");
    assertThat(Seed.auditOf(physicianSubject))
        .filteredOn(e -> "PatientDirectory.get".equals(e.getString("operation")))
        .extracting(e -> e.getString("outcome"))
        .contains("DENIED");

    // The privacy officer's queue holds it (the alert), then the review.
    String officer = Tokens.of(Tokens.subject("privacy"), "privacy-officer").tenant(tenant).sign();
    Reply queue = http.get("api/emergency-access?state=unreviewed", officer).send();
    assertThat(queue.status()).as(queue.toString()).isEqualTo(200);
    List<JsonObject> items = queue.json().getJsonArray("items").getValuesAs(JsonObject.class);
    assertThat(items).extracting(i -> i.getString("id")).containsExactly(id);
    assertThat(items.get(0).getString("justification")).isEqualTo(JUSTIFICATION);
    assertThat(items.get(0).getString("declarer")).isEqualTo(physicianSubject);
    assertProblem(
        http.get("api/emergency-access?state=flagged", officer).send(), 400, "PHR-400-07");
    Reply trail = http.get("api/audit/events?subject=" + physicianSubject, officer).send();
    assertThat(trail.json().getJsonArray("items").getValuesAs(JsonObject.class))
        .filteredOn(e -> "PatientDirectory.get".equals(e.getString("operation")))
        .extracting(e -> e.getString("emergencyId", null))
        .contains(id);
    assertProblem(http.get("api/emergency-access", physician).send(), 403, "PHR-403-01");
    Reply acknowledged =
        http.call("POST", "api/emergency-access/" + id + "/acknowledgement", officer).send();
    assertThat(acknowledged.status()).as(acknowledged.toString()).isEqualTo(200);
    assertThat(acknowledged.json().getString("review")).isEqualTo("ACKNOWLEDGED");
    assertProblem(
        http.call("POST", "api/emergency-access/" + id + "/flag", officer)
            .json("{\"note\":\"Synthetic late flag.\"}")
            .send(),
        409,
        "PHR-409-16");
    String second = declared(patient);
    Reply flagged =
        http.call("POST", "api/emergency-access/" + second + "/flag", officer)
            .json("{\"note\":\"Synthetic: the patient was reachable.\"}")
            .send();
    assertThat(flagged.status()).as(flagged.toString()).isEqualTo(200);
    assertThat(flagged.json().getString("review")).isEqualTo("FLAGGED");
    assertThat(http.get("api/emergency-access", officer).send().json().getJsonArray("items"))
        .isEmpty();

    // The patient sees the emergency access in their access history, with its purpose.
    String own = Links.linkedPatient(http, tenant, patient);
    Reply history = http.get("api/patients/" + patient + "/access-history", own).send();
    assertThat(history.status()).as(history.toString()).isEqualTo(200);
    assertThat(history.json().getJsonArray("items").getValuesAs(JsonObject.class))
        .extracting(a -> a.getString("purposeOfUse"))
        .contains("EMERGENCY_TREATMENT");
  }

  @Test
  void refusalsHaveTheirCodes() {
    String patient = newPatient();
    assertProblem(
        declare(physician, patient, "{\"justification\":\"" + JUSTIFICATION + "\"}"),
        400,
        "PHR-400-13");
    assertProblem(
        declare(physician, patient, "{\"reason\":\"BORED\",\"justification\":\"x\"}"),
        400,
        "PHR-400-13");
    assertProblem(declare(physician, patient, "{\"reason\":\"OTHER\"}"), 400, "PHR-400-13");
    assertProblem(
        declare(
            physician, patient, "{\"reason\":\"OTHER\",\"justification\":\"x\",\"minutes\":241}"),
        400,
        "PHR-400-03");
    String body = "{\"reason\":\"OTHER\",\"justification\":\"" + JUSTIFICATION + "\"}";
    String billing = Tokens.of(Tokens.subject("billing"), "billing").tenant(tenant).sign();
    assertProblem(declare(billing, patient, body), 403, "PHR-403-01");
    assertProblem(declare(physician, "AAAAAAAAAAAAAAAAAAAAAA", body), 404, "PHR-404-01");
    setting(
        tenant,
        "breakGlass",
        new Document("enabled", true)
            .append("roles", List.of())
            .append("defaultMinutes", 60)
            .append("maximumMinutes", 240)
            .append("writes", false));
    assertProblem(declare(physician, patient, body), 403, "PHR-403-11");
    setting(
        tenant,
        "breakGlass",
        new Document("enabled", false)
            .append("roles", List.of("PHYSICIAN"))
            .append("defaultMinutes", 60)
            .append("maximumMinutes", 240)
            .append("writes", false));
    assertProblem(declare(physician, patient, body), 403, "PHR-403-10");
    assertThat(Seed.auditOf(physicianSubject))
        .filteredOn(e -> "BreakGlass.declare".equals(e.getString("operation")))
        .extracting(e -> e.getString("outcome"))
        .contains("DENIED", "NOT_FOUND");
  }

  @Test
  void aSensitiveEntryIsHiddenWithoutAndShownWithTheDeclaration() {
    String patient = newPatient();
    setting(
        tenant,
        "sensitiveClearances",
        new Document("PHYSICIAN", List.of("SUBSTANCE_USE_PART2")).append("BILLING", List.of()));
    Reply made =
        http.call("POST", "api/patients/" + patient + "/entries", physician)
            .json(
                Seed.conditionJson("F10.20", "Synthetic counselling note.")
                    .replace("\"status\"", "\"sensitivity\":\"substance_use_part2\",\"status\""))
            .send();
    assertThat(made.status()).as(made.toString()).isEqualTo(201);
    String entry = made.json().getString("id");
    setting(
        tenant,
        "sensitiveClearances",
        new Document("PHYSICIAN", List.of()).append("BILLING", List.of()));
    assertProblem(http.get("api/entries/" + entry, physician).send(), 404, "PHR-404-01");
    String id = declared(patient);
    Reply shown = http.get("api/entries/" + entry, physician).header(HEADER, id).send();
    assertThat(shown.status()).as(shown.toString()).isEqualTo(200);
    assertThat(shown.json().getString("sensitivity")).isEqualTo("SUBSTANCE_USE_PART2");
    Reply listed =
        http.get("api/patients/" + patient + "/entries", physician).header(HEADER, id).send();
    assertThat(listed.json().getJsonArray("items")).hasSize(1);
  }

  /**
   * A physician whose grant holds at one facility reaches a patient of another only under a
   * declaration: that patient, reads only, for the declarer only (ADR 27, ADR 28).
   */
  @Test
  void aDeclarationOpensOnePatientOutsideTheCallersOrganisationsForReadsOnly()
      throws InterruptedException {
    Scopes.organisation(tenant, "facility-1", null, "ACTIVE");
    Scopes.organisation(tenant, "facility-2", null, "ACTIVE");
    String scopedSubject = Tokens.subject("physician");
    Scopes.grant(tenant, "SUBJECT", scopedSubject, "PHYSICIAN", "facility-1");
    String scoped = Tokens.of(scopedSubject, "facility-1-clinicians").tenant(tenant).sign();
    String elsewhere = newPatient();
    Reply member =
        http.call("POST", "api/patients/" + elsewhere + "/memberships", physician)
            .json(
                "{\"organisation\":\"facility-2\",\"start\":\""
                    + java.time.Instant.now().minusSeconds(3600)
                    + "\"}")
            .send();
    assertThat(member.status()).as(member.toString()).isEqualTo(201);
    String other = newPatient();

    assertProblem(http.get("api/patients/" + elsewhere, scoped).send(), 404, "PHR-404-01");
    Reply declared =
        declare(
            scoped,
            elsewhere,
            "{\"reason\":\"UNCONSCIOUS_PATIENT\",\"justification\":\"" + JUSTIFICATION + "\"}");
    assertThat(declared.status()).as(declared.toString()).isEqualTo(201);
    String id = declared.json().getString("id");

    assertThat(http.get("api/patients/" + elsewhere, scoped).header(HEADER, id).send().status())
        .isEqualTo(200);
    assertThat(
            http.get("api/patients/" + elsewhere + "/entries", scoped)
                .header(HEADER, id)
                .send()
                .status())
        .isEqualTo(200);
    assertProblem(
        http.call("POST", "api/patients/" + elsewhere + "/entries", scoped)
            .header(HEADER, id)
            .json(Seed.conditionJson("I10", "Synthetic."))
            .send(),
        403,
        "PHR-403-13");
    assertProblem(
        http.get("api/patients/" + other, scoped).header(HEADER, id).send(), 403, "PHR-403-12");
    assertProblem(http.get("api/patients/" + elsewhere, scoped).send(), 404, "PHR-404-01");

    // A privacy officer of facility-1 reviews facility-1's patients' declarations only.
    String officerSubject = Tokens.subject("privacy-officer");
    Scopes.grant(tenant, "SUBJECT", officerSubject, "PRIVACY_OFFICER", "facility-1");
    String scopedOfficer = Tokens.of(officerSubject, "facility-1-privacy").tenant(tenant).sign();
    String rootOfficer =
        Tokens.of(Tokens.subject("privacy-officer"), "privacy-officer").tenant(tenant).sign();
    Reply all = http.get("api/emergency-access?state=unreviewed", rootOfficer).send();
    assertThat(all.body()).contains(id);
    // The grant reaches records-web within the access cache's bound (2 s in the ITs, ADR 27).
    Reply mine = http.get("api/emergency-access?state=unreviewed", scopedOfficer).send();
    for (int i = 0; i < 40 && mine.status() == 403; i++) {
      Thread.sleep(100);
      mine = http.get("api/emergency-access?state=unreviewed", scopedOfficer).send();
    }
    assertThat(mine.status()).as(mine.toString()).isEqualTo(200);
    assertThat(mine.json().getJsonArray("items")).isEmpty();
  }
}
