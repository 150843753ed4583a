package org.phirecords.it;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.File;
import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bson.Document;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.phirecords.it.support.CommandShapes;
import org.phirecords.it.support.Http;
import org.phirecords.it.support.Http.Reply;
import org.phirecords.it.support.Links;
import org.phirecords.it.support.Scopes;
import org.phirecords.it.support.Seed;
import org.phirecords.it.support.Stores;
import org.phirecords.it.support.Tokens;

/**
 * The records API (records-web.war) on Payara Micro against the store: one deployment, many tests.
 * Every test mints tokens with fresh subjects so that it can find its own audit events.
 */
@ExtendWith({Stores.class, ArquillianExtension.class})
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RecordsApiIT {
  static final String A = "it-tenant-a";
  static final String B = "it-tenant-b";

  @Deployment(testable = false)
  static WebArchive recordsWeb() {
    return ShrinkWrap.createFromZipFile(
        WebArchive.class, new File(System.getProperty("it.wars"), "records-web.war"));
  }

  @ArquillianResource URL base;
  Http http;
  String physicianA;
  String physicianASubject;

  @BeforeEach
  void setUp() {
    http = new Http(base);
    Seed.tenant(A);
    Seed.tenant(B);
    physicianASubject = Tokens.subject("physician");
    physicianA = Tokens.of(physicianASubject, "physician").tenant(A).sign();
  }

  private Reply createPatient(String token, String json) {
    return http.call("POST", "api/patients", token).json(json).send();
  }

  private String newPatient() {
    Reply r = createPatient(physicianA, Seed.patientJson());
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    return r.json().getString("id");
  }

  private String newEntry(String patientId) {
    Reply r =
        http.call("POST", "api/patients/" + patientId + "/entries", physicianA)
            .json(Seed.conditionJson("E11.9", "Discussed diet and exercise."))
            .send();
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    return r.json().getString("id");
  }

  private static void assertProblem(Reply r, int status, String code) {
    assertThat(r.status()).as(r.toString()).isEqualTo(status);
    assertThat(r.header("Content-Type")).startsWith("application/problem+json");
    assertThat(r.problemCode()).as(r.toString()).isEqualTo(code);
    assertThat(r.body()).doesNotContain("Exception").doesNotContain("\tat ");
  }

  private static List<String> outcomes(String subject) {
    return Seed.auditOf(subject).stream()
        .map(d -> d.getString("operation") + ":" + d.getString("outcome"))
        .toList();
  }

  /** A transaction Bundle of {@code people} synthetic patients, each with three entries. */
  private static org.hl7.fhir.r4.model.Bundle fhirTransaction(int people) {
    var faker = new net.datafaker.Faker(java.util.Locale.US);
    var bundle =
        new org.hl7.fhir.r4.model.Bundle()
            .setType(org.hl7.fhir.r4.model.Bundle.BundleType.TRANSACTION);
    for (int i = 0; i < people; i++) {
      var p = new org.hl7.fhir.r4.model.Patient();
      p.addIdentifier()
          .setSystem("https://phirecords.org/fhir/sid/mrn/" + A)
          .setValue(faker.numerify("MRN-########"));
      p.addName().setFamily(faker.name().lastName()).addGiven(faker.name().firstName());
      p.setBirthDateElement(new org.hl7.fhir.r4.model.DateType("1971-04-0" + (i + 1)));
      p.setGender(org.hl7.fhir.r4.model.Enumerations.AdministrativeGender.FEMALE);
      String url = "urn:uuid:" + java.util.UUID.randomUUID();
      addEntry(bundle, url, p);
      var subject = new org.hl7.fhir.r4.model.Reference(url);
      var condition =
          new org.hl7.fhir.r4.model.Condition()
              .setCode(
                  new org.hl7.fhir.r4.model.CodeableConcept()
                      .addCoding(
                          new org.hl7.fhir.r4.model.Coding(
                              "http://snomed.info/sct", "44054006", "Diabetes")))
              .setSubject(subject)
              .setOnset(new org.hl7.fhir.r4.model.DateTimeType("2025-03-0" + (i + 1)));
      condition.addNote().setText(faker.lorem().sentence());
      condition.addIdentifier().setSystem("https://ehr.example.invalid/id").setValue(url + "/c");
      addEntry(bundle, "urn:uuid:" + java.util.UUID.randomUUID(), condition);
      var observation =
          new org.hl7.fhir.r4.model.Observation()
              .setStatus(org.hl7.fhir.r4.model.Observation.ObservationStatus.FINAL)
              .setCode(
                  new org.hl7.fhir.r4.model.CodeableConcept()
                      .addCoding(
                          new org.hl7.fhir.r4.model.Coding("http://loinc.org", "4548-4", "HbA1c")))
              .setSubject(subject)
              .setEffective(new org.hl7.fhir.r4.model.DateTimeType("2025-03-0" + (i + 1)))
              .setValue(
                  new org.hl7.fhir.r4.model.Quantity()
                      .setValue(new java.math.BigDecimal("7." + (i + 1)))
                      .setUnit("%"));
      observation.addIdentifier().setSystem("https://ehr.example.invalid/id").setValue(url + "/o");
      addEntry(bundle, "urn:uuid:" + java.util.UUID.randomUUID(), observation);
    }
    return bundle;
  }

  private static void addEntry(
      org.hl7.fhir.r4.model.Bundle bundle, String url, org.hl7.fhir.r4.model.Resource r) {
    bundle
        .addEntry()
        .setFullUrl(url)
        .setResource(r)
        .getRequest()
        .setMethod(org.hl7.fhir.r4.model.Bundle.HTTPVerb.POST)
        .setUrl(r.fhirType());
  }

  private Reply importFhir(org.hl7.fhir.r4.model.Bundle bundle) {
    String json =
        ca.uhn.fhir.context.FhirContext.forR4Cached()
            .newJsonParser()
            .encodeResourceToString(bundle);
    return http.call("POST", "api/fhir", physicianA).json(json).send();
  }

  private static List<String> statuses(Reply r) {
    return r.json().getJsonArray("entry").getValuesAs(JsonObject.class).stream()
        .map(e -> e.getJsonObject("response").getString("status"))
        .toList();
  }

  @Test
  void aFhirTransactionIsImportedOnceReadsBackThroughTheApiAndTheCopyAndBadOnesStoreNothing() {
    var bundle = fhirTransaction(2);
    Reply first = importFhir(bundle);
    assertThat(first.status()).as(first.toString()).isEqualTo(200);
    assertThat(first.header("Content-Type")).startsWith("application/fhir+json");
    assertThat(statuses(first)).hasSize(6).containsOnly("201 Created");
    Reply again = importFhir(bundle);
    assertThat(statuses(again)).as("idempotent").containsOnly("200 OK");

    for (var entry : bundle.getEntry()) {
      if (!(entry.getResource() instanceof org.hl7.fhir.r4.model.Patient p)) {
        continue;
      }
      Reply found =
          http.call("POST", "api/patients/search", physicianA)
              .json("{\"mrn\":\"" + p.getIdentifierFirstRep().getValue() + "\"}")
              .send();
      assertThat(found.status()).as(found.toString()).isEqualTo(200);
      assertThat(found.json().getString("familyName")).isEqualTo(p.getNameFirstRep().getFamily());
      assertThat(found.json().getString("givenName"))
          .isEqualTo(p.getNameFirstRep().getGivenAsSingleString());
      assertThat(found.json().getString("birthDate"))
          .isEqualTo(p.getBirthDateElement().asStringValue());
      String id = found.json().getString("id");
      List<JsonObject> entries =
          http.get("api/patients/" + id + "/entries", physicianA)
              .send()
              .json()
              .getJsonArray("items")
              .getValuesAs(JsonObject.class);
      assertThat(entries).hasSize(2);
      var condition =
          (org.hl7.fhir.r4.model.Condition)
              bundle.getEntry().stream()
                  .map(e -> e.getResource())
                  .filter(
                      r ->
                          r instanceof org.hl7.fhir.r4.model.Condition c
                              && c.getSubject().getReference().equals(entry.getFullUrl()))
                  .findFirst()
                  .orElseThrow();
      assertThat(entries)
          .anySatisfy(
              e -> assertThat(e.toString()).contains(condition.getNoteFirstRep().getText()));
      Reply copy = http.get("api/patients/" + id + "/export", physicianA).send();
      assertThat(copy.status()).isEqualTo(200);
      assertThat(copy.body())
          .contains(p.getNameFirstRep().getFamily())
          .contains(condition.getNoteFirstRep().getText())
          .contains("44054006")
          .contains("4548-4");
    }

    var bad = fhirTransaction(1);
    ((org.hl7.fhir.r4.model.Condition) bad.getEntry().get(1).getResource())
        .setSubject(new org.hl7.fhir.r4.model.Reference("Patient/AAAAAAAAAAAAAAAAAAAAAA"));
    Reply refused = importFhir(bad);
    assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
    assertThat(refused.header("Content-Type")).startsWith("application/fhir+json");
    assertThat(refused.json().getString("resourceType")).isEqualTo("OperationOutcome");
    assertThat(refused.body()).contains("PHR-400-21");
    var mrn =
        ((org.hl7.fhir.r4.model.Patient) bad.getEntry().get(0).getResource())
            .getIdentifierFirstRep()
            .getValue();
    assertProblem(
        http.call("POST", "api/patients/search", physicianA)
            .json("{\"mrn\":\"" + mrn + "\"}")
            .send(),
        404,
        "PHR-404-01");
  }

  @Test
  void pagesAndAnswersCarryTheBrowserProtections() {
    for (Reply reply :
        List.of(
            http.get("portal/", null).send(),
            http.get("portal/portal.js", null).send(),
            http.get("api/patients/AAAAAAAAAAAAAAAAAAAAAA", physicianA).send())) {
      assertThat(reply.header("Content-Security-Policy"))
          .as(reply.toString())
          .contains("script-src 'self'", "frame-ancestors 'none'")
          .doesNotContain("unsafe-inline");
      assertThat(reply.header("X-Content-Type-Options")).isEqualTo("nosniff");
      assertThat(reply.header("Referrer-Policy")).isEqualTo("no-referrer");
    }
  }

  @Test
  @Order(1)
  void physicianCreatesReadsAndUpdatesAPatient() {
    String json = Seed.patientJson();
    Reply created = createPatient(physicianA, json);
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    assertThat(created.header("ETag")).isEqualTo("\"1\"");
    assertThat(created.header("Location")).contains("/patients/");
    String id = created.json().getString("id");

    Reply read = http.get("api/patients/" + id, physicianA).send();
    assertThat(read.status()).isEqualTo(200);
    assertThat(read.json().getString("familyName"))
        .isEqualTo(created.json().getString("familyName"));

    Reply updated =
        http.call("PUT", "api/patients/" + id, physicianA)
            .header("If-Match", "\"1\"")
            .json(Seed.patientJson(read.json().getString("mrn")))
            .send();
    assertThat(updated.status()).as(updated.toString()).isEqualTo(200);
    assertThat(updated.json().getInt("version")).isEqualTo(2);

    assertProblem(
        http.call("PUT", "api/patients/" + id, physicianA)
            .header("If-Match", "\"1\"")
            .json(Seed.patientJson())
            .send(),
        409,
        "PHR-409-01");
    assertProblem(
        http.call("PUT", "api/patients/" + id, physicianA).json(Seed.patientJson()).send(),
        428,
        "PHR-428-01");

    Reply found =
        http.call("POST", "api/patients/search", physicianA)
            .json("{\"mrn\":\"" + read.json().getString("mrn") + "\"}")
            .send();
    assertThat(found.json().getString("id")).isEqualTo(id);
    assertProblem(createPatient(physicianA, json), 409, "PHR-409-02");

    assertThat(outcomes(physicianASubject))
        .containsExactly(
            "PatientDirectory.create:SUCCESS",
            "PatientDirectory.get:SUCCESS",
            "PatientDirectory.update:SUCCESS",
            "PatientDirectory.update:CONFLICT",
            "PatientResource.update:INVALID",
            "PatientDirectory.findByMrn:SUCCESS",
            "PatientDirectory.create:CONFLICT");
    // Each write (two creates, two updates) announced itself before it happened.
    assertThat(Seed.intentsOf(physicianASubject))
        .extracting(d -> d.getString("operation"))
        .containsExactly(
            "PatientDirectory.create",
            "PatientDirectory.update",
            "PatientDirectory.update",
            "PatientDirectory.create");
  }

  @Test
  @Order(2)
  void entriesAndRegistrationsMarkedEnteredInErrorAreHiddenKeptAndAuditedAsDeletes() {
    String mrn = "MRN-E" + System.nanoTime() % 10_000_000;
    Reply created = createPatient(physicianA, Seed.patientJson(mrn));
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    String patient = created.json().getString("id");
    String entry = newEntry(patient);
    String billing = Tokens.of(Tokens.subject("billing"), "billing").tenant(A).sign();
    String physicianB = Tokens.of(Tokens.subject("physician"), "physician").tenant(B).sign();

    assertProblem(
        http.call("DELETE", "api/entries/" + entry, physicianA).send(), 428, "PHR-428-01");
    assertProblem(
        http.call("DELETE", "api/entries/" + entry, physicianA).header("If-Match", "\"2\"").send(),
        409,
        "PHR-409-01");
    for (String path : List.of("api/entries/" + entry, "api/patients/" + patient)) {
      assertProblem(
          http.call("DELETE", path, billing).header("If-Match", "\"1\"").send(), 403, "PHR-403-01");
      assertProblem(
          http.call("DELETE", path, physicianB).header("If-Match", "\"1\"").send(),
          404,
          "PHR-404-01");
    }
    // A registration with an entry in force is not hidden.
    assertProblem(
        http.call("DELETE", "api/patients/" + patient, physicianA)
            .header("If-Match", "\"1\"")
            .send(),
        409,
        "PHR-409-18");

    Reply marked =
        http.call("DELETE", "api/entries/" + entry, physicianA).header("If-Match", "\"1\"").send();
    assertThat(marked.status()).as(marked.toString()).isEqualTo(204);
    assertThat(marked.header("ETag")).isEqualTo("\"2\"");
    assertProblem(http.get("api/entries/" + entry, physicianA).send(), 410, "PHR-410-03");
    assertThat(
            http.get("api/patients/" + patient + "/entries", physicianA)
                .send()
                .json()
                .getJsonArray("items"))
        .isEmpty();
    List<JsonObject> history =
        http.get("api/entries/" + entry + "/history", physicianA)
            .send()
            .json()
            .getJsonArray("items")
            .getValuesAs(JsonObject.class);
    assertThat(history).hasSize(2);
    assertThat(history.get(1).getBoolean("enteredInError")).isTrue();
    assertThat(history.get(0).containsKey("enteredInError")).isFalse();

    Reply hidden =
        http.call("DELETE", "api/patients/" + patient, physicianA)
            .header("If-Match", "\"1\"")
            .send();
    assertThat(hidden.status()).as(hidden.toString()).isEqualTo(204);
    assertProblem(http.get("api/patients/" + patient, physicianA).send(), 410, "PHR-410-03");
    assertProblem(
        http.call("POST", "api/patients/search", physicianA)
            .json("{\"mrn\":\"" + mrn + "\"}")
            .send(),
        404,
        "PHR-404-01");
    assertThat(
            Seed.auditOf(physicianASubject).stream()
                .filter(d -> "DELETE".equals(d.getString("action")))
                .filter(d -> String.valueOf(d.getString("operation")).endsWith(".enterInError"))
                .map(d -> d.getString("operation") + ":" + d.getString("outcome"))
                .toList())
        .containsExactly(
            // The missing If-Match, refused before the service and audited as invalid.
            "ClinicalEntryResource.enterInError:INVALID",
            "ClinicalRecords.enterInError:CONFLICT",
            "PatientDirectory.enterInError:CONFLICT",
            "ClinicalRecords.enterInError:SUCCESS",
            "PatientDirectory.enterInError:SUCCESS");
  }

  @Test
  @Order(2)
  void aMergedRegistrationAnswersWithItsSurvivorAndAnUndoRestoresBoth() {
    String survivor = newPatient();
    String merged = newPatient();
    String entry = newEntry(merged);
    String body = "{\"merged\":\"" + merged + "\",\"mergedVersion\":1}";
    String billing = Tokens.of(Tokens.subject("billing"), "billing").tenant(A).sign();
    String physicianB = Tokens.of(Tokens.subject("physician"), "physician").tenant(B).sign();
    String merge = "api/patients/" + survivor + "/merge";

    assertProblem(http.call("POST", merge, physicianA).json(body).send(), 428, "PHR-428-01");
    assertProblem(
        http.call("POST", merge, billing).header("If-Match", "\"1\"").json(body).send(),
        403,
        "PHR-403-01");
    assertProblem(
        http.call("POST", merge, physicianB).header("If-Match", "\"1\"").json(body).send(),
        404,
        "PHR-404-01");
    String mergedMrn =
        http.get("api/patients/" + merged, physicianA).send().json().getString("mrn");
    String portalUser = Links.linkedPatient(http, A, merged);
    Reply done = http.call("POST", merge, physicianA).header("If-Match", "\"1\"").json(body).send();
    assertThat(done.status()).as(done.toString()).isEqualTo(200);
    String mergeId = done.json().getString("id");
    assertThat(done.json().getString("survivor")).isEqualTo(survivor);

    // ADR 42: the merged registration's patient user reaches the survivor's whole record, billing
    // sees its coded entries, and its MRN names the survivor like its id.
    Reply session = http.get("api/portal/session", portalUser).send();
    assertThat(session.json().getString("patientId")).as(session.toString()).isEqualTo(survivor);
    Reply own = http.get("api/patients/" + survivor + "/entries", portalUser).send();
    assertThat(own.status()).as(own.toString()).isEqualTo(200);
    assertThat(own.body()).contains(entry);
    assertThat(http.get("api/patients/" + survivor + "/export", portalUser).send().body())
        .contains("E11.9");
    Reply billed = http.get("api/billing/patients/" + survivor, billing).send();
    assertThat(billed.body()).as(billed.toString()).contains(entry);
    Reply byMrn =
        http.call("POST", "api/patients/search", physicianA)
            .json("{\"mrn\":\"" + mergedMrn + "\"}")
            .send();
    assertProblem(byMrn, 410, "PHR-410-04");
    assertThat(byMrn.json().getString("survivor")).isEqualTo(survivor);

    Reply read = http.get("api/patients/" + merged, physicianA).send();
    assertProblem(read, 410, "PHR-410-04");
    assertThat(read.json().getString("survivor")).isEqualTo(survivor);
    assertThat(entryIds(survivor)).containsExactly(entry);
    assertProblem(
        http.call("POST", merge, physicianA).header("If-Match", "\"1\"").json(body).send(),
        409,
        "PHR-409-19");

    Reply undone = http.call("POST", merge + "/" + mergeId + "/undo", physicianA).send();
    assertThat(undone.status()).as(undone.toString()).isEqualTo(200);
    assertThat(http.get("api/patients/" + merged, physicianA).send().status()).isEqualTo(200);
    assertThat(entryIds(survivor)).isEmpty();
    assertThat(entryIds(merged)).containsExactly(entry);
    assertThat(http.get("api/portal/session", portalUser).send().json().getString("patientId"))
        .isEqualTo(merged);
    assertThat(http.get("api/patients/" + survivor + "/entries", portalUser).send().status())
        .isEqualTo(404);
  }

  private List<String> entryIds(String patient) {
    return http
        .get("api/patients/" + patient + "/entries", physicianA)
        .send()
        .json()
        .getJsonArray("items")
        .getValuesAs(JsonObject.class)
        .stream()
        .map(e -> e.getString("id"))
        .toList();
  }

  @Test
  @Order(2)
  void physicianRecordsAndVersionsClinicalEntries() {
    String patient = newPatient();
    String entry = newEntry(patient);
    Reply v2 =
        http.call("PUT", "api/entries/" + entry, physicianA)
            .header("If-Match", "\"1\"")
            .json(Seed.conditionJson("E11.65", "Follow-up."))
            .send();
    assertThat(v2.status()).as(v2.toString()).isEqualTo(200);
    assertThat(v2.header("ETag")).isEqualTo("\"2\"");
    assertThat(
            http.get("api/entries/" + entry + "/history", physicianA)
                .send()
                .json()
                .getJsonArray("items"))
        .hasSize(2);
    List<JsonObject> listed =
        http.get("api/patients/" + patient + "/entries", physicianA)
            .send()
            .json()
            .getJsonArray("items")
            .getValuesAs(JsonObject.class);
    assertThat(listed).singleElement().satisfies(e -> assertThat(e.getInt("version")).isEqualTo(2));
    assertProblem(
        http.call("PUT", "api/entries/" + entry, physicianA)
            .header("If-Match", "\"1\"")
            .json(Seed.conditionJson("I10", "x"))
            .send(),
        409,
        "PHR-409-01");
  }

  @Test
  @Order(3)
  void billingReadsTheMinimumNecessaryViewAndCannotWrite() {
    String patient = newPatient();
    newEntry(patient);
    String billingSubject = Tokens.subject("billing");
    String billing = Tokens.of(billingSubject, "billing").tenant(A).sign();

    Reply summary = http.get("api/billing/patients/" + patient, billing).send();
    assertThat(summary.status()).as(summary.toString()).isEqualTo(200);
    assertThat(summary.json().keySet())
        .containsExactlyInAnyOrder(
            "patientId", "givenName", "familyName", "birthDate", "memberId", "codedEntries");
    assertThat(summary.json().getJsonArray("codedEntries").getJsonObject(0).keySet())
        .containsExactlyInAnyOrder("id", "type", "codes", "effectiveDate");
    assertThat(summary.body()).doesNotContain("Discussed diet");

    assertProblem(http.get("api/patients/" + patient, billing).send(), 403, "PHR-403-01");
    assertProblem(createPatient(billing, Seed.patientJson()), 403, "PHR-403-01");
    assertProblem(
        http.call("POST", "api/patients/" + patient + "/entries", billing)
            .json(Seed.conditionJson("I10", "x"))
            .send(),
        403,
        "PHR-403-01");
    assertThat(outcomes(billingSubject))
        .containsExactly(
            "BillingRecords.summary:SUCCESS",
            "PatientDirectory.get:DENIED",
            "PatientDirectory.create:DENIED",
            "ClinicalRecords.create:DENIED");
  }

  @Test
  @Order(4)
  void patientReadsOwnRecordAndNothingElse() {
    String own = newPatient();
    newEntry(own);
    String other = newPatient();
    String otherEntry = newEntry(other);
    String patient = Tokens.of(Tokens.subject("patient"), "patient").tenant(A).patient(own).sign();
    // The claim alone reaches nothing: the module links the user first (ADR 17).
    assertProblem(http.get("api/patients/" + own, patient).send(), 403, "PHR-403-05");
    Links.link(http, physicianA, patient, own);

    assertThat(http.get("api/patients/" + own, patient).send().status()).isEqualTo(200);
    assertThat(
            http.get("api/patients/" + own + "/entries", patient)
                .send()
                .json()
                .getJsonArray("items"))
        .hasSize(1);
    assertProblem(http.get("api/patients/" + other, patient).send(), 404, "PHR-404-01");
    assertProblem(
        http.get("api/patients/" + other + "/entries", patient).send(), 404, "PHR-404-01");
    assertProblem(http.get("api/entries/" + otherEntry, patient).send(), 404, "PHR-404-01");
    assertProblem(
        http.call("PUT", "api/patients/" + own, patient)
            .header("If-Match", "\"1\"")
            .json(Seed.patientJson())
            .send(),
        403,
        "PHR-403-01");
  }

  @Test
  @Order(5)
  void anotherTenantGetsNotFoundForEveryOperationAndChangesNothing() throws InterruptedException {
    String mrn = "MRN-X" + System.nanoTime() % 100000;
    Reply created = createPatient(physicianA, Seed.patientJson(mrn));
    String patient = created.json().getString("id");
    String entry = newEntry(patient);
    Document before =
        Stores.data()
            .getDatabase("phi_identity")
            .getCollection("patients")
            .find(new Document("patientId", patient))
            .first();

    String bSubject = Tokens.subject("physician");
    String physicianB = Tokens.of(bSubject, "physician").tenant(B).sign();
    String billingB = Tokens.of(Tokens.subject("billing"), "billing").tenant(B).sign();
    String missingPatient = "AAAAAAAAAAAAAAAAAAAAAA";
    Reply missing = http.get("api/patients/" + missingPatient, physicianB).send();

    List<Reply> replies =
        List.of(
            http.get("api/patients/" + patient, physicianB).send(),
            http.call("PUT", "api/patients/" + patient, physicianB)
                .header("If-Match", "\"1\"")
                .json(Seed.patientJson())
                .send(),
            http.call("POST", "api/patients/search", physicianB)
                .json("{\"mrn\":\"" + mrn + "\"}")
                .send(),
            http.get("api/patients/" + patient + "/entries", physicianB).send(),
            http.call("POST", "api/patients/" + patient + "/entries", physicianB)
                .json(Seed.conditionJson("I10", "x"))
                .send(),
            http.get("api/entries/" + entry, physicianB).send(),
            http.get("api/entries/" + entry + "/history", physicianB).send(),
            http.call("PUT", "api/entries/" + entry, physicianB)
                .header("If-Match", "\"1\"")
                .json(Seed.conditionJson("I10", "x"))
                .send(),
            http.get("api/billing/patients/" + patient, billingB).send());
    for (Reply r : replies) {
      assertProblem(r, 404, "PHR-404-01");
      assertThat(r.body()).isEqualTo(missing.body());
    }
    Document after =
        Stores.data()
            .getDatabase("phi_identity")
            .getCollection("patients")
            .find(new Document("patientId", patient))
            .first();
    assertThat(after).isEqualTo(before);
    assertThat(
            Stores.data()
                .getDatabase("phi_clinical")
                .getCollection("clinical_entries")
                .countDocuments(new Document("patientId", patient)))
        .isEqualTo(1);
    assertThat(outcomes(bSubject)).hasSize(9).allMatch(o -> o.endsWith(":NOT_FOUND"));
    // Behind the 404s, the attempts on another tenant's records raised an alert (asynchronously).
    long deadline = System.currentTimeMillis() + 10_000;
    long alerts = 0;
    while (alerts == 0 && System.currentTimeMillis() < deadline) {
      alerts =
          Stores.audit()
              .getDatabase("phi_audit")
              .getCollection("audit_events")
              .countDocuments(
                  new Document("operation", "AnomalyAlert.CROSS_TENANT_ATTEMPT")
                      .append("resourceId", bSubject));
      if (alerts == 0) {
        Thread.sleep(200);
      }
    }
    assertThat(alerts).isEqualTo(1);
  }

  @Test
  @Order(6)
  void tokensThatAreMissingForgedExpiredOrForeignAreRefused() {
    String patient = newPatient();
    String path = "api/patients/" + patient;
    java.util.Set<Object> anonymousBefore = new java.util.HashSet<>();
    Seed.auditOf("anonymous").forEach(d -> anonymousBefore.add(d.get("_id")));

    assertProblem(http.get(path, null).send(), 401, "PHR-401-01");
    assertProblem(
        http.get(path, Tokens.of("x", "physician").tenant(A).untrustedKey().sign()).send(),
        401,
        "PHR-401-01");
    assertProblem(
        http.get(path, Tokens.of("x", "physician").tenant(A).issuer("https://evil.example").sign())
            .send(),
        401,
        "PHR-401-01");
    assertProblem(
        http.get(
                path,
                Tokens.of("x", "physician")
                    .tenant(A)
                    .issued(Instant.now().minus(Duration.ofHours(2)), Duration.ofMinutes(5))
                    .sign())
            .send(),
        401,
        "PHR-401-01");
    assertProblem(http.get(path, "not.a.token").send(), 401, "PHR-401-01");
    // Every refusal is accounted for, with the client's address: the first of an interval at
    // once, the others as one count when the interval (20 s in the ITs) has ended (ADR 18).
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    List<org.bson.Document> refusals;
    do {
      refusals = Seed.auditOf("anonymous");
      refusals.removeIf(d -> anonymousBefore.contains(d.get("_id")));
    } while (refusals.stream().mapToInt(d -> d.getInteger("resultCount")).sum() < 5
        && System.nanoTime() < deadline
        && pause());
    assertThat(refusals.stream().mapToInt(d -> d.getInteger("resultCount")).sum())
        .as("refusals audited or counted: %s", refusals)
        .isGreaterThanOrEqualTo(5);
    assertThat(refusals)
        .extracting(d -> d.getString("clientAddress"))
        .as("the client's IP address, not unknown")
        .allMatch(a -> a.matches("[0-9a-f:.]+"));

    String noTenant = Tokens.subject("physician");
    assertProblem(
        http.get(path, Tokens.of(noTenant, "physician").sign()).send(), 401, "PHR-401-02");
    String unknownTenant = Tokens.subject("physician");
    assertProblem(
        http.get(path, Tokens.of(unknownTenant, "physician").tenant("it-no-such-tenant").sign())
            .send(),
        403,
        "PHR-403-02");
    assertThat(outcomes(noTenant)).containsExactly("PatientDirectory.get:DENIED");
    String suspendedTenant = "it-tenant-suspended";
    Seed.tenant(suspendedTenant);
    Stores.data()
        .getDatabase("phi_tenants")
        .getCollection("tenants")
        .updateOne(
            new Document("_id", suspendedTenant),
            new Document("$set", new Document("status", "SUSPENDED")));
    assertProblem(
        http.get(path, Tokens.of("s", "physician").tenant(suspendedTenant).sign()).send(),
        403,
        "PHR-403-03");
    assertThat(outcomes(unknownTenant)).containsExactly("PatientDirectory.get:DENIED");
  }

  @Test
  @Order(7)
  void badInputIsRefusedWithStableCodesAndAudited() {
    String patient = newPatient();
    Map<String, String> bodies =
        Map.of(
            "{\"mrn\":", "PHR-400-01",
            "{\"mrn\":{\"$ne\":null}}", "PHR-400-06",
            "{\"$where\":\"1\"}", "PHR-400-06",
            "{\"mrn\":\"M1\",\"givenName\":\"A\",\"familyName\":\"B\",\"birthDate\":\"2000-01-01\",\"role\":\"admin\"}",
                "PHR-400-02",
            "{\"mrn\":\"M1\",\"givenName\":{\"$gt\":\"\"},\"familyName\":\"B\",\"birthDate\":\"2000-01-01\"}",
                "PHR-400-06",
            "{\"mrn\":\"M1\",\"givenName\":\"A\",\"familyName\":\"B\",\"birthDate\":\"2999-01-01\"}",
                "PHR-400-03",
            "{\"givenName\":\"A\",\"familyName\":\"B\",\"birthDate\":\"2000-01-01\"}",
                "PHR-400-04");
    String subject = Tokens.subject("physician");
    String token = Tokens.of(subject, "physician").tenant(A).sign();
    for (Map.Entry<String, String> e : bodies.entrySet()) {
      assertProblem(createPatient(token, e.getKey()), 400, e.getValue());
    }
    assertProblem(http.get("api/patients/not-an-id", token).send(), 400, "PHR-400-05");
    assertProblem(http.get("api/entries/" + "A".repeat(500), token).send(), 400, "PHR-400-05");
    // An encoded traversal never reaches a resource: the container answers 404, as problem+json.
    assertProblem(http.get("api/patients/..%2F..%2Fetc%2Fpasswd", token).send(), 404, "PHR-404-01");
    assertProblem(
        http.call("POST", "api/patients", token)
            .raw(new byte[] {'{', '"', 'm', (byte) 0xC3, '"', ':', '1', '}'})
            .send(),
        400,
        "PHR-400-01");
    assertProblem(
        http.call("POST", "api/patients", token)
            .json("{\"mrn\":\"" + "x".repeat(70_000) + "\"}")
            .send(),
        413,
        "PHR-413-01");
    assertProblem(
        http.call("POST", "api/patients/" + patient + "/entries", token)
            .json(
                "{\"type\":\"CONDITION\",\"effectiveDate\":\"2026-01-01\",\"codes\":[{\"system\":\"s\",\"code\":{\"$ne\":1}}]}")
            .send(),
        400,
        "PHR-400-06");

    assertThat(outcomes(subject)).hasSize(bodies.size() + 5).allMatch(o -> o.endsWith(":INVALID"));
    assertThat(
            Stores.data()
                .getDatabase("phi_identity")
                .getCollection("patients")
                .countDocuments(new Document("mrn", "M1")))
        .isZero();
  }

  @Test
  @Order(8)
  void openApiAndHealthArePublished() {
    Reply doc =
        new Http(toUrl(http.root("openapi")))
            .call("GET", "", null)
            .header("Accept", "application/json")
            .send();
    assertThat(doc.status()).as(doc.toString()).isEqualTo(200);
    JsonObject paths = doc.json().getJsonObject("paths");
    assertThat(paths.keySet())
        .contains(
            "/api/patients",
            "/api/patients/{id}",
            "/api/patients/search",
            "/api/patients/{patientId}/entries",
            "/api/entries/{id}",
            "/api/entries/{id}/history",
            "/api/billing/patients/{patientId}");
    assertThat(doc.json().getJsonObject("components").getJsonObject("securitySchemes").keySet())
        .contains("bearer");
    Reply ready = new Http(toUrl(http.root("health/ready"))).call("GET", "", null).send();
    assertThat(ready.status()).as(ready.toString()).isEqualTo(200);
    // Readiness: one named check per dependency (stores, key vault, KMS, audit sinks).
    assertThat(ready.body())
        .contains(
            "\"phi-records-stores\"",
            "\"phi-records-key-vault\"",
            "\"phi-records-kms\"",
            "\"phi-records-audit-sink\"");
  }

  @Test
  @Order(9)
  void canaryValuesNeverReachTheStoreTheLogsErrorsOrTheAuditTrail() throws Exception {
    String tag = Long.toString(System.nanoTime(), 36).toUpperCase();
    Map<String, String> canaries = new java.util.LinkedHashMap<>();
    canaries.putAll(
        Map.of(
            "mrn", "CANARYMRN" + tag,
            "givenName", "Canarygiven" + tag,
            "familyName", "Canaryfamily" + tag,
            "ssn", "900-77-" + (1000 + (int) (System.nanoTime() % 9000)),
            "memberId", "CANARYMEMBER" + tag,
            "email", "canary" + tag.toLowerCase() + "@example.invalid",
            "line", "Canarystreet " + tag,
            "birthDate", "1903-0" + (1 + (int) (System.nanoTime() % 9)) + "-17"));
    String json =
        """
        {"mrn":"%s","givenName":"%s","familyName":"%s","birthDate":"%s","ssn":"%s",
         "memberId":"%s","email":"%s","phone":"+1-555-0199",
         "address":{"line":"%s","city":"Springfield","state":"IL","postalCode":"62704"}}
        """
            .formatted(
                canaries.get("mrn"),
                canaries.get("givenName"),
                canaries.get("familyName"),
                canaries.get("birthDate"),
                canaries.get("ssn"),
                canaries.get("memberId"),
                canaries.get("email"),
                canaries.get("line"));
    Reply created = createPatient(physicianA, json);
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    String id = created.json().getString("id");
    assertThat(created.json().getString("familyName")).isEqualTo(canaries.get("familyName"));

    List<Reply> refusals =
        List.of(
            createPatient(physicianA, json),
            createPatient(physicianA, json.replace(canaries.get("birthDate"), canaries.get("mrn"))),
            createPatient(
                physicianA, json.replace("\"phone\"", "\"" + canaries.get("givenName") + "\"")),
            http.call("POST", "api/patients/search", physicianA)
                .json("{\"mrn\":{\"$ne\":\"" + canaries.get("mrn") + "\"}}")
                .send(),
            http.call("PUT", "api/patients/" + id, physicianA)
                .header("If-Match", canaries.get("mrn"))
                .json(json)
                .send());
    for (Reply r : refusals) {
      assertThat(r.status()).as(r.toString()).isBetween(400, 499);
      canaries.values().forEach(c -> assertThat(r.body()).doesNotContain(c));
    }
    Reply byName =
        http.call("POST", "api/patients/search/by-name", physicianA)
            .json(
                "{\"familyName\":\" "
                    + canaries.get("familyName").toUpperCase()
                    + "\",\"birthDate\":\""
                    + canaries.get("birthDate")
                    + "\"}")
            .send();
    assertThat(byName.json().getJsonArray("items")).hasSize(1);
    assertThat(byName.json().containsKey("next")).as("the only page").isFalse();
    assertThat(
            http.call("POST", "api/patients/search", physicianA)
                .json("{\"mrn\":\"" + canaries.get("mrn") + "\"}")
                .send()
                .json()
                .getString("id"))
        .isEqualTo(id);
    String billing = Tokens.of(Tokens.subject("billing"), "billing").tenant(A).sign();
    assertThat(http.get("api/billing/patients/" + id, billing).send().body())
        .contains(canaries.get("memberId"))
        .doesNotContain(canaries.get("ssn"))
        .doesNotContain(canaries.get("email"));

    assertThat(
            http.call("PUT", "api/patients/" + id, physicianA)
                .header("If-Match", "\"1\"")
                .json(json)
                .send()
                .status())
        .isEqualTo(200);
    writeCanaryFreeText(id, canaries);

    StringBuilder stored = new StringBuilder();
    Set<String> scanned = new java.util.TreeSet<>();
    for (var client : List.of(Stores.data(), Stores.audit())) {
      for (String db : client.listDatabaseNames()) {
        for (String coll : client.getDatabase(db).listCollectionNames()) {
          scanned.add(db + "." + coll);
          var collection = client.getDatabase(db).getCollection(coll);
          collection
              .find()
              .forEach(d -> stored.append(db).append('.').append(coll).append(d.toJson()));
          collection.listIndexes().forEach(d -> stored.append(d.toJson()));
        }
      }
    }
    assertThat(stored).contains(id).contains("phi_keys.data_keys");
    assertThat(scanned)
        .contains(
            "phi_identity.patients",
            "phi_clinical.clinical_entries",
            "phi_clinical.amendments",
            "phi_audit.audit_events",
            "phi_audit.audit_intents");
    StringBuilder logs = new StringBuilder();
    try (var files =
        java.nio.file.Files.list(java.nio.file.Path.of(System.getProperty("it.payara.logs")))) {
      for (var file : files.toList()) {
        logs.append(
            java.nio.file.Files.readString(file, java.nio.charset.StandardCharsets.ISO_8859_1));
      }
    }
    assertThat(logs).contains("PHI Records");
    for (String canary : canaries.values()) {
      assertThat(stored).as("store holds %s", canary).doesNotContain(canary);
      assertThat(logs).as("server log holds %s", canary).doesNotContain(canary);
    }
  }

  /**
   * Writes a canary into every free-text field through every clinical and amendment write path
   * (entries created and updated, an amendment requested, extended, denied and disagreed with,
   * another accepted), and checks that each reads back in plaintext.
   */
  private void writeCanaryFreeText(String patientId, Map<String, String> canaries) {
    String tag = Long.toString(System.nanoTime(), 36).toUpperCase();
    for (String field :
        List.of(
            "text", "status", "display", "unit", "reason", "extension", "denial", "statement")) {
      canaries.put(field, "Canary" + field + tag);
    }
    String entry =
        """
        {"type":"OBSERVATION","effectiveDate":"2026-02-01","status":"%s",
         "codes":[{"system":"http://loinc.org","code":"4548-4","display":"%s"}],
         "value":{"value":7.1,"unit":"%s"},"text":"%s"}
        """
            .formatted(
                canaries.get("status"),
                canaries.get("display"),
                canaries.get("unit"),
                canaries.get("text"));
    Reply created =
        http.call("POST", "api/patients/" + patientId + "/entries", physicianA).json(entry).send();
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    String entryId = created.json().getString("id");
    Reply updated =
        http.call("PUT", "api/entries/" + entryId, physicianA)
            .header("If-Match", "\"1\"")
            .json(entry)
            .send();
    assertThat(updated.status()).as(updated.toString()).isEqualTo(200);
    String patient = Links.linkedPatient(http, A, patientId);
    String request =
        "{\"entryId\":\"" + entryId + "\",\"reason\":\"" + canaries.get("reason") + "\"}";
    String denied = amendmentStep("patients/" + patientId + "/amendments", patient, request, 201);
    String accepted = amendmentStep("patients/" + patientId + "/amendments", patient, request, 201);
    String reason = "{\"reason\":\"%s\"}";
    amendmentStep(
        "amendments/" + denied + "/extension",
        physicianA,
        reason.formatted(canaries.get("extension")),
        200);
    amendmentStep(
        "amendments/" + denied + "/denial",
        physicianA,
        reason.formatted(canaries.get("denial")),
        200);
    amendmentStep(
        "amendments/" + denied + "/disagreement",
        patient,
        "{\"statement\":\"" + canaries.get("statement") + "\"}",
        200);
    Reply accept =
        http.call("POST", "api/amendments/" + accepted + "/accept", physicianA)
            .header("If-Match", "\"2\"")
            .json(entry)
            .send();
    assertThat(accept.status()).as(accept.toString()).isEqualTo(200);
    String history = http.get("api/entries/" + entryId + "/history", physicianA).send().body();
    String amendment = http.get("api/amendments/" + denied, physicianA).send().body();
    for (String field : List.of("text", "status", "display", "unit")) {
      assertThat(history).contains(canaries.get(field));
    }
    for (String field : List.of("reason", "extension", "denial", "statement")) {
      assertThat(amendment).contains(canaries.get(field));
    }
  }

  /** POSTs {@code body} to {@code path} as {@code token}; the amendment's id. */
  private String amendmentStep(String path, String token, String body, int status) {
    Reply reply = http.call("POST", "api/" + path, token).json(body).send();
    assertThat(reply.status()).as(reply.toString()).isEqualTo(status);
    return reply.json().getString("id");
  }

  @Test
  @Order(10)
  void eachRoleSeesExactlyItsView() {
    String own = newPatient();
    Set<String> full =
        Set.of(
            "id",
            "version",
            "mrn",
            "givenName",
            "familyName",
            "birthDate",
            "sex",
            "ssn",
            "memberId",
            "phone",
            "email",
            "address",
            "updatedAt");
    assertThat(http.get("api/patients/" + own, physicianA).send().json().keySet())
        .containsExactlyInAnyOrderElementsOf(full);
    String patient = Links.linkedPatient(http, A, own);
    assertThat(http.get("api/patients/" + own, patient).send().json().keySet())
        .containsExactlyInAnyOrderElementsOf(full);
    for (String role : List.of("privacy-officer", "tenant-admin", "platform-admin")) {
      String token = Tokens.of(Tokens.subject(role), role).tenant(A).sign();
      for (String path :
          List.of(
              "api/patients/" + own,
              "api/patients/" + own + "/entries",
              "api/billing/patients/" + own)) {
        Reply r = http.get(path, token).send();
        assertProblem(r, 403, "PHR-403-01");
      }
    }
  }

  /** Every event of {@code token}'s tenant after {@code after}, read {@code limit} at a time. */
  private List<JsonObject> integrationEvents(String token, String after, int limit) {
    List<JsonObject> events = new ArrayList<>();
    String position = after;
    while (true) {
      Reply page =
          http.get(
                  "api/integration/events?limit="
                      + limit
                      + (position == null ? "" : "&after=" + position),
                  token)
              .send();
      assertThat(page.status()).as(page.toString()).isEqualTo(200);
      assertThat(page.header("Cache-Control")).contains("no-store");
      List<JsonObject> got = page.json().getJsonArray("events").getValuesAs(JsonObject.class);
      if (got.isEmpty()) {
        return events;
      }
      events.addAll(got);
      position = page.json().getString("next");
    }
  }

  @Test
  @Order(12)
  void integrationPartnersFollowTheTenantsWritesByPositionWithoutPhi() {
    String adminSubject = Tokens.subject("tenant-admin");
    String admin = Tokens.of(adminSubject, "tenant-admin").tenant(A).sign();
    List<JsonObject> before = integrationEvents(admin, null, 500);
    String start = before.isEmpty() ? null : before.get(before.size() - 1).getString("position");

    String json = Seed.patientJson();
    Reply created = createPatient(physicianA, json);
    String patient = created.json().getString("id");
    JsonObject person = jakarta.json.Json.createReader(new java.io.StringReader(json)).readObject();
    Reply updated =
        http.call("PUT", "api/patients/" + patient, physicianA)
            .header("If-Match", "\"1\"")
            .json(Seed.patientJson(person.getString("mrn")))
            .send();
    assertThat(updated.status()).as(updated.toString()).isEqualTo(200);
    String entry = newEntry(patient);
    Reply amended =
        http.call("PUT", "api/entries/" + entry, physicianA)
            .header("If-Match", "\"1\"")
            .json(Seed.conditionJson("E11.65", "Follow-up."))
            .send();
    assertThat(amended.status()).as(amended.toString()).isEqualTo(200);
    assertThat(
            http.call("PUT", "api/entries/" + entry, physicianA)
                .header("If-Match", "\"1\"")
                .json(Seed.conditionJson("E11.65", "Stale."))
                .send()
                .status())
        .as("a refused write")
        .isEqualTo(409);

    List<JsonObject> events = integrationEvents(admin, start, 2);
    assertThat(events)
        .filteredOn(e -> e.getString("patientId").equals(patient))
        .extracting(
            e ->
                e.getString("type")
                    + " "
                    + e.getString("entryId", "-")
                    + " v"
                    + e.getInt("version"))
        .containsExactly(
            "PatientRegistered - v1",
            "PatientUpdated - v2",
            "EntryRecorded " + entry + " v1",
            "EntryAmended " + entry + " v2");
    assertThat(events)
        .extracting(e -> Long.parseLong(e.getString("position")))
        .isSorted()
        .doesNotHaveDuplicates();
    String answers = events.toString();
    for (String field : List.of("mrn", "givenName", "familyName", "ssn", "memberId", "email")) {
      assertThat(answers).doesNotContain(person.getString(field));
    }
    assertThat(answers).doesNotContain(physicianASubject).doesNotContain("Follow-up");

    String adminB = Tokens.of(Tokens.subject("tenant-admin"), "tenant-admin").tenant(B).sign();
    assertThat(integrationEvents(adminB, null, 500))
        .extracting(e -> e.getString("patientId"))
        .doesNotContain(patient);
    assertProblem(http.get("api/integration/events", physicianA).send(), 403, "PHR-403-01");
    assertProblem(http.get("api/integration/events?limit=501", admin).send(), 400, "PHR-400-16");
    assertProblem(http.get("api/integration/events?limit=x", admin).send(), 400, "PHR-400-16");
    assertProblem(
        http.get("api/integration/events?after=not-a-position", admin).send(), 400, "PHR-400-15");
    assertThat(outcomes(adminSubject))
        .contains("IntegrationEvents.after:SUCCESS", "IntegrationEvents.after:INVALID");
  }

  @Test
  @Order(11)
  void privacyOfficersQueryAndVerifyTheirTenantsTrailAndSeeTampering() {
    String patient = newPatient();
    http.get("api/patients/" + patient, physicianA).send();
    String officer =
        Tokens.of(Tokens.subject("privacy-officer"), "privacy-officer").tenant(A).sign();

    Reply page = http.get("api/audit/events?patientId=" + patient + "&limit=1", officer).send();
    assertThat(page.status()).as(page.toString()).isEqualTo(200);
    assertThat(page.json().getJsonArray("items")).hasSize(1);
    String next = page.json().getString("next");
    Reply rest =
        http.get("api/audit/events?patientId=" + patient + "&after=" + next, officer).send();
    List<String> operations = new java.util.ArrayList<>();
    JsonObject first = page.json().getJsonArray("items").getJsonObject(0);
    operations.add(first.getString("operation") + ":" + first.getString("outcome"));
    rest.json()
        .getJsonArray("items")
        .getValuesAs(JsonObject.class)
        .forEach(e -> operations.add(e.getString("operation") + ":" + e.getString("outcome")));
    // The first page's own search is audited too, with the patient it was about.
    assertThat(operations)
        .containsExactly(
            "PatientDirectory.create:INTENDED",
            "PatientDirectory.create:SUCCESS",
            "PatientDirectory.get:SUCCESS",
            "AuditReview.search:SUCCESS");
    assertThat(page.body()).doesNotContain("familyName").doesNotContain("mrn");

    Reply verified = http.get("api/audit/verify", officer).send();
    assertThat(verified.json().getBoolean("valid")).as(verified.toString()).isTrue();
    assertThat(verified.json().getInt("checked")).isGreaterThan(10);

    String officerB =
        Tokens.of(Tokens.subject("privacy-officer"), "privacy-officer").tenant(B).sign();
    assertThat(
            http.get("api/audit/events?patientId=" + patient, officerB)
                .send()
                .json()
                .getJsonArray("items"))
        .isEmpty();
    assertProblem(http.get("api/audit/events", physicianA).send(), 403, "PHR-403-01");
    assertProblem(http.get("api/audit/events?action=DROP", officer).send(), 400, "PHR-400-07");

    // Tampering directly in the database, in a tenant of its own.
    String t = "it-tenant-tamper";
    Seed.tenant(t);
    String physicianT = Tokens.of(Tokens.subject("physician"), "physician").tenant(t).sign();
    for (int i = 0; i < 3; i++) {
      assertThat(createPatient(physicianT, Seed.patientJson()).status()).isEqualTo(201);
    }
    String officerT =
        Tokens.of(Tokens.subject("privacy-officer"), "privacy-officer").tenant(t).sign();
    assertThat(http.get("api/audit/verify", officerT).send().json().getBoolean("valid")).isTrue();
    Stores.audit()
        .getDatabase("phi_audit")
        .getCollection("audit_events")
        .updateOne(
            new Document("tenantId", t).append("seq", 2L),
            new Document("$set", new Document("outcome", "DENIED")));
    Reply broken = http.get("api/audit/verify", officerT).send();
    assertThat(broken.json().getBoolean("valid")).isFalse();
    assertThat(broken.json().getString("problem")).isEqualTo("ALTERED");
    assertThat(broken.json().getInt("brokenAt")).isEqualTo(2);
  }

  @Test
  @Order(12)
  void everyListIsPagedWithACursorAndAPatientsOpenRequestsAreCapped() {
    String patient = newPatient();
    List<String> created = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      created.add(newEntry(patient));
    }
    List<String> seen = new ArrayList<>();
    String path = "api/patients/" + patient + "/entries?limit=2";
    for (int pages = 1; ; pages++) {
      assertThat(pages).as("paging ends").isLessThan(5);
      Reply page = http.get(path, physicianA).send();
      assertThat(page.status()).as(page.toString()).isEqualTo(200);
      page.json().getJsonArray("items").getValuesAs(JsonObject.class).stream()
          .map(e -> e.getString("id"))
          .forEach(seen::add);
      if (!page.json().containsKey("next")) {
        break;
      }
      String next = page.json().getString("next");
      assertThat(next).doesNotContain(patient);
      path = "api/patients/" + patient + "/entries?limit=2&after=" + next;
    }
    assertThat(seen).containsExactlyInAnyOrderElementsOf(created);

    String first =
        http.get("api/patients/" + patient + "/entries?limit=1", physicianA)
            .send()
            .json()
            .getString("next");
    assertProblem(
        http.get("api/patients/" + patient + "/entries?after=not-a-cursor", physicianA).send(),
        400,
        "PHR-400-08");
    assertProblem(
        http.get("api/patients/" + newPatient() + "/entries?after=" + first, physicianA).send(),
        400,
        "PHR-400-08");
    assertProblem(
        http.get("api/entries/" + created.get(0) + "/history?after=" + first, physicianA).send(),
        400,
        "PHR-400-08");
    for (String limit : List.of("0", "201", "x")) {
      assertProblem(
          http.get("api/patients/" + patient + "/entries?limit=" + limit, physicianA).send(),
          400,
          "PHR-400-07");
    }

    String patientToken = Links.linkedPatient(http, A, patient);
    String request =
        "{\"entryId\":\"" + created.get(0) + "\",\"reason\":\"Synthetic: the code is wrong.\"}";
    for (int i = 0; i < 10; i++) {
      Reply filed =
          http.call("POST", "api/patients/" + patient + "/amendments", patientToken)
              .json(request)
              .send();
      assertThat(filed.status()).as(filed.toString()).isEqualTo(201);
    }
    assertProblem(
        http.call("POST", "api/patients/" + patient + "/amendments", patientToken)
            .json(request)
            .send(),
        409,
        "PHR-409-05");
    Reply amendments =
        http.get("api/patients/" + patient + "/amendments?limit=4", patientToken).send();
    assertThat(amendments.json().getJsonArray("items")).hasSize(4);
    assertThat(amendments.json().containsKey("next")).isTrue();
    Reply history = http.get("api/patients/" + patient + "/access-history", patientToken).send();
    assertThat(history.status()).as(history.toString()).isEqualTo(200);
    assertThat(history.json().getJsonArray("items")).isNotEmpty();
  }

  /** Stores the clearances of {@code tenant} as the tenant-admin WAR (not deployed here) would. */
  private static void clearPhysicians(String tenant, String... categories) {
    Stores.data()
        .getDatabase("phi_tenants")
        .getCollection("tenants")
        .updateOne(
            com.mongodb.client.model.Filters.eq("_id", tenant),
            com.mongodb.client.model.Updates.set(
                "sensitiveClearances",
                new Document("PHYSICIAN", List.of(categories)).append("BILLING", List.of())));
  }

  @Test
  void sensitiveEntriesAreHiddenFromUnclearedRolesButNotFromThePatient() {
    String tenant = "it-tenant-sensitive";
    Seed.tenant(tenant);
    String physician = Tokens.of(Tokens.subject("physician"), "physician").tenant(tenant).sign();
    String billing = Tokens.of(Tokens.subject("billing"), "billing").tenant(tenant).sign();
    Reply created = createPatient(physician, Seed.patientJson());
    String patient = created.json().getString("id");
    String part2 =
        Seed.conditionJson("F10.20", "Synthetic counselling note.")
            .replace("\"status\"", "\"sensitivity\":\"substance_use_part2\",\"status\"");
    // By default physicians are not cleared for Part 2: they may not write what they cannot read.
    assertProblem(
        http.call("POST", "api/patients/" + patient + "/entries", physician).json(part2).send(),
        403,
        "PHR-403-09");
    clearPhysicians(tenant, "SUBSTANCE_USE_PART2");
    Reply sensitive =
        http.call("POST", "api/patients/" + patient + "/entries", physician).json(part2).send();
    assertThat(sensitive.status()).as(sensitive.toString()).isEqualTo(201);
    assertThat(sensitive.json().getString("sensitivity")).isEqualTo("SUBSTANCE_USE_PART2");
    String hidden = sensitive.json().getString("id");
    Reply plain =
        http.call("POST", "api/patients/" + patient + "/entries", physician)
            .json(Seed.conditionJson("E11.9", "Synthetic note."))
            .send();
    String shown = plain.json().getString("id");

    clearPhysicians(tenant);
    assertProblem(http.get("api/entries/" + hidden, physician).send(), 404, "PHR-404-01");
    assertProblem(
        http.get("api/entries/" + hidden + "/history", physician).send(), 404, "PHR-404-01");
    Reply listed = http.get("api/patients/" + patient + "/entries?limit=1", physician).send();
    assertThat(listed.json().getJsonArray("items").getValuesAs(JsonObject.class))
        .extracting(e -> e.getString("id"))
        .containsExactly(shown);
    assertThat(listed.json().containsKey("next")).as(listed.toString()).isFalse();
    Reply summary = http.get("api/billing/patients/" + patient, billing).send();
    assertThat(summary.body()).contains(shown).doesNotContain(hidden).doesNotContain("F10.20");

    String own =
        Tokens.of(Tokens.subject("patient"), "patient").tenant(tenant).patient(patient).sign();
    Links.link(http, physician, own, patient);
    Reply mine = http.get("api/entries/" + hidden, own).send();
    assertThat(mine.status()).as(mine.toString()).isEqualTo(200);
    assertThat(mine.body()).contains("Synthetic counselling note.");
    assertThat(
            http.get("api/patients/" + patient + "/entries", own)
                .send()
                .json()
                .getJsonArray("items"))
        .hasSize(2);
  }

  @Test
  @Order(13)
  void analystsCountOnlyTheirTenantAndEveryQueryIsAudited() {
    String code = "Z" + (10 + System.nanoTime() % 89) + ".A" + System.nanoTime() % 1000;
    for (int i = 0; i < 12; i++) {
      Reply r =
          http.call("POST", "api/patients/" + newPatient() + "/entries", physicianA)
              .json(Seed.conditionJson(code, "Canary note " + i))
              .send();
      assertThat(r.status()).as(r.toString()).isEqualTo(201);
    }
    String query =
        """
        {"measure":"patients","dimensions":["code"],"from":"2026-01-01","to":"2026-12-31",
         "codes":[{"system":"http://hl7.org/fhir/sid/icd-10-cm","code":"%s"}],
         "purposeOfUse":"HOPERAT"}
        """
            .formatted(code);
    String analystA = Tokens.of(Tokens.subject("analyst"), "analyst").tenant(A).sign();
    Reply mine = http.call("POST", "api/analytics/queries", analystA).json(query).send();
    assertThat(mine.status()).as(mine.toString()).isEqualTo(200);
    assertThat(mine.json().getJsonArray("cells")).hasSize(1);
    assertThat(mine.json().getJsonArray("cells").getJsonObject(0).getInt("value")).isEqualTo(12);
    assertThat(mine.toString()).doesNotContain("Canary note");

    String analystB = Tokens.of(Tokens.subject("analyst"), "analyst").tenant(B).sign();
    Reply theirs = http.call("POST", "api/analytics/queries", analystB).json(query).send();
    assertThat(theirs.status()).as(theirs.toString()).isEqualTo(200);
    assertThat(theirs.json().getJsonArray("cells")).isEmpty();

    String both = Tokens.of(Tokens.subject("analyst"), "analyst", "physician").tenant(A).sign();
    assertProblem(
        http.call("POST", "api/analytics/queries", both).json(query).send(), 403, "PHR-403-21");
    assertProblem(
        http.call("POST", "api/analytics/queries", analystA)
            .json(query.replace("\"code\"]", "\"$where\"]"))
            .send(),
        400,
        "PHR-400-56");

    String officer =
        Tokens.of(Tokens.subject("privacy-officer"), "privacy-officer").tenant(A).sign();
    Reply audit = http.get("api/analytics/queries/audit?limit=5", officer).send();
    assertThat(audit.status()).as(audit.toString()).isEqualTo(200);
    assertThat(audit.json().getJsonArray("items").getJsonObject(0).getJsonArray("codes").toString())
        .contains(code);
  }

  @Test
  @Order(99)
  void whenTheAuditStoreIsDownNoPhiIsReturnedAndNoWriteAcknowledged() {
    String json = Seed.patientJson();
    Reply created = createPatient(physicianA, json);
    String patient = created.json().getString("id");
    String family = created.json().getString("familyName");
    Stores.backend().stopAudit();
    try {
      Reply read = http.get("api/patients/" + patient, physicianA).send();
      assertProblem(read, 503, "PHR-503-01");
      assertThat(read.body()).doesNotContain(family);
      Reply write = createPatient(physicianA, Seed.patientJson());
      assertProblem(write, 503, "PHR-503-01");
      assertThat(write.header("Location")).isNull();
    } finally {
      Stores.backend().startAudit();
    }
    assertThat(http.get("api/patients/" + patient, physicianA).send().status()).isEqualTo(200);
  }

  private static URL toUrl(java.net.URI uri) {
    try {
      return uri.toURL();
    } catch (java.net.MalformedURLException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * An insurer with two clients and a group below the first (ADR 27): staff granted at one branch
   * get the same 404 for every id of the other branch, and nothing of it in searches or audit
   * queries; a grant at the parent reaches the child's patients.
   */
  @Test
  void careTeamsNarrowPhysiciansToTheirPatientsOnceTheTenantTurnsThemOn() {
    String t = "it-care-teams-" + System.nanoTime() % 1_000_000;
    Seed.tenant(t);
    Scopes.careTeams(t, true);
    String first = Tokens.subject("physician");
    String second = Tokens.subject("physician");
    String a = Tokens.of(first, "physician").tenant(t).sign();
    String b = Tokens.of(second, "physician").tenant(t).sign();
    Reply created = createPatient(a, Seed.patientJson());
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    String id = created.json().getString("id");
    Reply entry =
        http.call("POST", "api/patients/" + id + "/entries", a)
            .json(Seed.conditionJson("E11.9", "Seen in clinic."))
            .send();
    assertThat(entry.status()).as(entry.toString()).isEqualTo(201);
    String entryId = entry.json().getString("id");
    Reply team = http.get("api/patients/" + id + "/care-team", a).send();
    assertThat(team.status()).as(team.toString()).isEqualTo(200);
    assertThat(team.json().getJsonArray("items").getJsonObject(0).getString("subject"))
        .isEqualTo(first);

    List<Reply> offTeam =
        List.of(
            http.get("api/patients/" + id, b).send(),
            http.get("api/entries/" + entryId, b).send(),
            http.get("api/patients/" + id + "/entries", b).send(),
            http.get("api/patients/" + id + "/care-team", b).send(),
            http.call("POST", "api/patients/" + id + "/care-team", b)
                .json("{\"subject\":\"" + second + "\"}")
                .send());
    for (Reply r : offTeam) {
      assertProblem(r, 404, "PHR-404-01");
    }

    Reply added =
        http.call("POST", "api/patients/" + id + "/care-team", a)
            .json("{\"subject\":\"" + second + "\"}")
            .send();
    assertThat(added.status()).as(added.toString()).isEqualTo(201);
    assertThat(http.get("api/entries/" + entryId, b).send().status()).isEqualTo(200);
    Reply ended =
        http.call(
                "POST",
                "api/patients/" + id + "/care-team/" + added.json().getString("id") + "/end",
                a)
            .send();
    assertThat(ended.status()).as(ended.toString()).isEqualTo(200);
    assertProblem(http.get("api/entries/" + entryId, b).send(), 404, "PHR-404-01");
    assertProblem(
        http.call("POST", "api/patients/" + id + "/care-team", a).json("{\"subject\":\"\"}").send(),
        400,
        "PHR-400-03");
  }

  @Test
  void staffGrantedAtOneClientGetNotFoundForTheOtherClientEverywhere() {
    String t = "it-orgs-scope-" + System.nanoTime() % 1_000_000;
    Seed.tenant(t);
    Scopes.organisation(t, "client-a", null, "ACTIVE");
    Scopes.organisation(t, "client-b", null, "ACTIVE");
    Scopes.organisation(t, "group-a1", "client-a", "ACTIVE");
    String aSubject = Tokens.subject("physician");
    String billingSubject = Tokens.subject("billing");
    String privacySubject = Tokens.subject("privacy-officer");
    Scopes.grant(t, "GROUP", "client-a-clinicians", "PHYSICIAN", "client-a");
    Scopes.grant(t, "SUBJECT", billingSubject, "BILLING", "client-b");
    Scopes.grant(t, "SUBJECT", privacySubject, "PRIVACY_OFFICER", "client-b");
    String root = Tokens.of(Tokens.subject("physician"), "physician").tenant(t).sign();
    String physicianOfA = Tokens.of(aSubject, "client-a-clinicians").tenant(t).sign();
    String billingOfB = Tokens.of(billingSubject, "client-b-billing").tenant(t).sign();
    String privacyOfB = Tokens.of(privacySubject, "client-b-privacy").tenant(t).sign();

    Map<String, String> mrns = new java.util.HashMap<>();
    Map<String, String> patients = new java.util.HashMap<>();
    Map<String, String> entries = new java.util.HashMap<>();
    for (String organisation : List.of("client-a", "client-b", "group-a1")) {
      String mrn = "MRN-O" + System.nanoTime() % 10_000_000;
      Reply created = createPatient(root, Seed.patientJson(mrn));
      assertThat(created.status()).as(created.toString()).isEqualTo(201);
      String id = created.json().getString("id");
      Reply member =
          http.call("POST", "api/patients/" + id + "/memberships", root)
              .json(
                  "{\"organisation\":\""
                      + organisation
                      + "\",\"start\":\""
                      + Instant.now().minus(Duration.ofDays(30))
                      + "\"}")
              .send();
      assertThat(member.status()).as(member.toString()).isEqualTo(201);
      Reply entry =
          http.call("POST", "api/patients/" + id + "/entries", root)
              .json(Seed.conditionJson("E11.9", "Seen in clinic."))
              .send();
      assertThat(entry.status()).as(entry.toString()).isEqualTo(201);
      mrns.put(organisation, mrn);
      patients.put(organisation, id);
      entries.put(organisation, entry.json().getString("id"));
    }

    // The parent's grant reaches its own patients and the child's.
    for (String reached : List.of("client-a", "group-a1")) {
      assertThat(http.get("api/patients/" + patients.get(reached), physicianOfA).send().status())
          .isEqualTo(200);
      assertThat(http.get("api/entries/" + entries.get(reached), physicianOfA).send().status())
          .isEqualTo(200);
    }
    String other = patients.get("client-b");
    String otherEntry = entries.get("client-b");
    Reply missing = http.get("api/patients/AAAAAAAAAAAAAAAAAAAAAA", physicianOfA).send();
    List<Reply> replies =
        List.of(
            http.get("api/patients/" + other, physicianOfA).send(),
            http.call("PUT", "api/patients/" + other, physicianOfA)
                .header("If-Match", "\"1\"")
                .json(Seed.patientJson())
                .send(),
            http.call("POST", "api/patients/search", physicianOfA)
                .json("{\"mrn\":\"" + mrns.get("client-b") + "\"}")
                .send(),
            http.get("api/patients/" + other + "/entries", physicianOfA).send(),
            http.call("POST", "api/patients/" + other + "/entries", physicianOfA)
                .json(Seed.conditionJson("I10", "x"))
                .send(),
            http.get("api/entries/" + otherEntry, physicianOfA).send(),
            http.get("api/entries/" + otherEntry + "/history", physicianOfA).send(),
            http.call("PUT", "api/entries/" + otherEntry, physicianOfA)
                .header("If-Match", "\"1\"")
                .json(Seed.conditionJson("I10", "x"))
                .send(),
            http.get("api/patients/" + other + "/memberships", physicianOfA).send(),
            http.get("api/patients/" + other + "/export", physicianOfA).send(),
            http.get("api/patients/" + other + "/amendments", physicianOfA).send(),
            http.get("api/billing/patients/" + patients.get("client-a"), billingOfB).send());
    for (Reply r : replies) {
      assertProblem(r, 404, "PHR-404-01");
      assertThat(r.body()).isEqualTo(missing.body());
    }
    assertThat(http.get("api/billing/patients/" + other, billingOfB).send().status())
        .isEqualTo(200);
    assertProblem(createPatient(physicianOfA, Seed.patientJson()), 403, "PHR-403-14");
    Reply registered =
        http.call("POST", "api/patients?organisation=group-a1", physicianOfA)
            .json(Seed.patientJson())
            .send();
    assertThat(registered.status()).as(registered.toString()).isEqualTo(201);
    assertThat(
            http.get("api/patients/" + registered.json().getString("id"), physicianOfA)
                .send()
                .status())
        .isEqualTo(200);
    assertProblem(
        http.call("POST", "api/patients?organisation=client-b", physicianOfA)
            .json(Seed.patientJson())
            .send(),
        404,
        "PHR-404-02");

    // Audit queries of a privacy officer of client-b hold client-b's patient's events only.
    Reply all = http.get("api/audit/events?limit=100", privacyOfB).send();
    assertThat(all.status()).as(all.toString()).isEqualTo(200);
    assertThat(all.json().getJsonArray("items")).isNotEmpty();
    assertThat(all.json().getJsonArray("items").getValuesAs(JsonObject.class))
        .allSatisfy(e -> assertThat(e.getString("patientId")).isEqualTo(other));
    Reply ofA =
        http.get("api/audit/events?patientId=" + patients.get("client-a"), privacyOfB).send();
    assertThat(ofA.json().getJsonArray("items")).isEmpty();
    assertThat(
            Stores.data()
                .getDatabase("phi_clinical")
                .getCollection("clinical_entries")
                .countDocuments(new Document("patientId", other)))
        .isEqualTo(1);
  }

  @Test
  void aPortalSessionIdleForLongerThanItsPeriodIsLoggedOffByTheServer() throws Exception {
    // records.portal.idle-timeout-seconds is 10 in the ITs: the page signs out, and so does the
    // server, whatever the page's script does.
    String patient =
        Tokens.of(Tokens.subject("patient"), "patient").tenant(A).patient(randomPatientId()).sign();
    Reply first = http.get("api/portal/session", patient).send();
    assertThat(first.status()).as(first.toString()).isNotEqualTo(401);
    Thread.sleep(11_000);
    Reply idle = http.get("api/portal/session", patient).send();
    assertThat(idle.status()).as(idle.toString()).isEqualTo(401);
    assertThat(idle.problemCode()).isEqualTo("PHR-401-01");
  }

  /**
   * Scale-out readiness (issue 24): every command that this run's instances sent to a collection of
   * tenant data (this class's flow, and every test class before it in the run) filters by {@code
   * tenantId} with an equality, or inserts documents that carry it, so that each is routed to one
   * shard under a shard key starting with {@code tenantId}. Platform collections and the anomaly
   * observer's cross-tenant probe are the documented exceptions ({@link CommandShapes}); a
   * collection in neither list fails, so that a new one is classified. The module records the
   * shapes in development mode only ({@code records.mongodb.command-shapes}).
   */
  @Test
  @Order(Integer.MAX_VALUE)
  void everyCommandOnTenantDataPinsItsTenant() {
    List<String> shapes = CommandShapes.recorded();
    assertThat(
            shapes.stream()
                .filter(s -> CommandShapes.TENANT_DATA.contains(CommandShapes.collection(s)))
                .filter(s -> !CommandShapes.pinned(s))
                .filter(s -> !CommandShapes.CROSS_TENANT.contains(s)))
        .as("commands on tenant data without a tenantId equality")
        .isEmpty();
    assertThat(shapes)
        .allSatisfy(
            shape ->
                assertThat(CommandShapes.collection(shape))
                    .as("a collection neither of tenant data nor a documented exception: " + shape)
                    .isIn(
                        java.util.stream.Stream.concat(
                                CommandShapes.TENANT_DATA.stream(),
                                CommandShapes.PLATFORM.keySet().stream())
                            .toList()));
    assertThat(shapes.stream().map(CommandShapes::collection))
        .as("this run's flow reached the main collections of tenant data")
        .contains("patients", "clinical_entries", "audit_events");
    // The same meter's totals reach MicroProfile Metrics, and requests were tallied.
    Reply metrics = http.call("GET", "/metrics?scope=application", null).send();
    assertThat(metrics.status()).as(metrics.toString()).isEqualTo(200);
    assertThat(metrics.body())
        .contains("phi_records_store_commands")
        .contains("collection=\"patients\"")
        .contains("phi_records_store_request_sequential_writes");
    assertThat(metrics.body())
        .containsPattern("(?m)^(?:application_)?phi_records_store_requests\\S*\\s+[1-9]");
  }

  /**
   * Metrics (ADR 50): after a registration, a read, a refusal and audited writes, the scrape names
   * each operation with its outcome, the denial by its code, the audit group commit and the chain
   * heads; the counts moved; and nothing of the patient, the token or the tenant is in it.
   */
  @Test
  void metricsCountOperationsDenialsAndTheAuditWithoutPhi() {
    long before = operationCount(scrape(), "PatientDirectory.create", "success");
    String json = Seed.patientJson();
    Reply created = createPatient(physicianA, json);
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    String patientId = created.json().getString("id");
    assertThat(http.call("GET", "api/patients/" + patientId, physicianA).send().status())
        .isEqualTo(200);
    String billingSubject = Tokens.subject("billing");
    String billing = Tokens.of(billingSubject, "billing").tenant(A).sign();
    Reply refused = createPatient(billing, Seed.patientJson());
    assertThat(refused.status()).as(refused.toString()).isEqualTo(403);

    String metrics = scrape();
    assertThat(operationCount(metrics, "PatientDirectory.create", "success"))
        .as(metrics)
        .isGreaterThan(before);
    assertThat(metrics)
        .containsPattern(
            "phi_records_denials\\w*\\{[^}]*operation=\"PatientDirectory.create\"[^}]*reason=\""
                + refused.problemCode()
                + "\"")
        .containsPattern(
            "(?m)^(?:application_)?phi_records_audit_batch_events\\w*_count\\{[^}]*\\}\\s+[1-9]")
        .containsPattern(
            "(?m)^(?:application_)?phi_records_audit_append_wait\\w*_count\\{[^}]*\\}\\s+[1-9]")
        .containsPattern(
            "(?m)^(?:application_)?phi_records_operations\\w*_count\\{[^}]*outcome=\"denied\"")
        .contains("phi_records_audit_chain_heads_behind");
    JsonObject patient = Json.createReader(new java.io.StringReader(json)).readObject();
    List<String> canaries = new ArrayList<>();
    for (String field : List.of("mrn", "givenName", "familyName", "ssn", "memberId", "email")) {
      canaries.add(patient.getString(field));
    }
    canaries.addAll(List.of(patientId, physicianASubject, billingSubject, physicianA, billing, A));
    for (String canary : canaries) {
      assertThat(metrics).as("a PHI, token or identity canary in /metrics").doesNotContain(canary);
    }
  }

  private String scrape() {
    Reply r = http.call("GET", "/metrics?scope=application", null).send();
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    return r.body();
  }

  /** The count of {@code phi_records_operations} for {@code operation} and {@code outcome}. */
  private static long operationCount(String metrics, String operation, String outcome) {
    var m =
        java.util.regex.Pattern.compile(
                "(?m)^(?:application_)?phi_records_operations\\w*_count\\{([^}]*)\\}\\s+([0-9.eE+]+)")
            .matcher(metrics);
    long total = 0;
    while (m.find()) {
      if (m.group(1).contains("operation=\"" + operation + "\"")
          && m.group(1).contains("outcome=\"" + outcome + "\"")) {
        total += (long) Double.parseDouble(m.group(2));
      }
    }
    return total;
  }

  /**
   * FHIR bulk export over HTTP with real tokens (ADR 38): kick-off, poll, manifest, download of
   * every file with every resource created present, {@code _type} and {@code _since}; another
   * client of the tenant and another tenant find nothing; nothing of the files readable at rest;
   * expired exports refused; kick-off, downloads and delete audited.
   */
  @Test
  void bulkExportKickOffPollDownloadAndItsLimits() {
    String tenant = "it-tenant-export";
    Seed.tenant(tenant);
    String subject = Tokens.subject("physician");
    String token = Tokens.of(subject, "physician").tenant(tenant).sign();
    Map<String, List<String>> created = new java.util.HashMap<>();
    List<String> families = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      String json = Seed.patientJson();
      Reply p = createPatient(token, json);
      assertThat(p.status()).as(p.toString()).isEqualTo(201);
      String id = p.json().getString("id");
      families.add(p.json().getString("familyName"));
      created.computeIfAbsent("Patient", k -> new ArrayList<>()).add(id);
      for (String[] kind :
          List.of(
              new String[] {"ENCOUNTER", "Encounter"},
              new String[] {"CONDITION", "Condition"},
              new String[] {"OBSERVATION", "Observation"},
              new String[] {"PROCEDURE", "Procedure"},
              new String[] {"NOTE", "DocumentReference"})) {
        Reply e =
            http.call("POST", "api/patients/" + id + "/entries", token)
                .json(
                    Seed.conditionJson("E11.9", "Exported note " + families.get(i))
                        .replace("CONDITION", kind[0]))
                .send();
        assertThat(e.status()).as(e.toString()).isEqualTo(201);
        created.computeIfAbsent(kind[1], k -> new ArrayList<>()).add(e.json().getString("id"));
      }
    }
    assertProblem(http.get("api/fhir/$export", token).send(), 400, "PHR-400-30");
    assertProblem(
        http.get("api/fhir/$export?_type=Medication", token)
            .header("Prefer", "respond-async")
            .send(),
        400,
        "PHR-400-32");

    String status = kickOff("api/fhir/$export", token);
    JsonObject manifest = manifest(status, token);
    assertThat(manifest.getBoolean("requiresAccessToken")).isTrue();
    assertThat(manifest.getString("request")).endsWith("/api/fhir/$export");
    Map<String, String> urls = new java.util.HashMap<>();
    for (JsonObject o : manifest.getJsonArray("output").getValuesAs(JsonObject.class)) {
      urls.put(o.getString("type"), o.getString("url"));
      assertThat(o.getInt("count")).isEqualTo(created.get(o.getString("type")).size());
    }
    assertThat(urls).containsOnlyKeys(created.keySet());
    for (Map.Entry<String, String> file : urls.entrySet()) {
      Reply f = http.call("GET", file.getValue(), token).send();
      assertThat(f.status()).as(f.toString()).isEqualTo(200);
      assertThat(f.header("Content-Type")).startsWith("application/fhir+ndjson");
      List<String> ids = new ArrayList<>();
      for (String line : f.body().split("\n")) {
        JsonObject r = jakarta.json.Json.createReader(new java.io.StringReader(line)).readObject();
        assertThat(r.getString("resourceType")).isEqualTo(file.getKey());
        ids.add(r.getString("id").replace('.', '_'));
      }
      assertThat(ids).containsExactlyInAnyOrderElementsOf(created.get(file.getKey()));
    }

    // Another client of the tenant, and another tenant, find neither the export nor its files.
    String other = Tokens.of(Tokens.subject("physician"), "physician").tenant(tenant).sign();
    String otherTenant = Tokens.of(Tokens.subject("physician"), "physician").tenant(B).sign();
    for (String stranger : List.of(other, otherTenant)) {
      assertProblem(http.call("GET", status, stranger).send(), 404, "PHR-404-05");
      assertProblem(http.call("GET", urls.get("Patient"), stranger).send(), 404, "PHR-404-05");
    }

    // _type and _since: only what changed after the instant, of the types asked for.
    Instant since = Instant.now();
    pause();
    Reply later = createPatient(token, Seed.patientJson());
    String sinceStatus = kickOff("api/fhir/$export?_type=Patient,Condition&_since=" + since, token);
    JsonObject sinceManifest = manifest(sinceStatus, token);
    assertThat(sinceManifest.getJsonArray("output")).hasSize(1);
    JsonObject patients = sinceManifest.getJsonArray("output").getJsonObject(0);
    assertThat(patients.getString("type")).isEqualTo("Patient");
    assertThat(http.call("GET", patients.getString("url"), token).send().body())
        .contains(later.json().getString("id").replace('_', '.'))
        .doesNotContain(families.get(0));

    // At rest the parts are ciphertext: no name, note or code readable.
    StringBuilder stored = new StringBuilder();
    Stores.data()
        .getDatabase("phi_clinical")
        .getCollection("export_parts")
        .find(new Document("tenantId", tenant))
        .forEach(d -> stored.append(d.toJson()));
    assertThat(stored).isNotEmpty();
    for (String family : families) {
      assertThat(stored.toString()).doesNotContain(family);
    }
    assertThat(stored.toString()).doesNotContain("E11.9").doesNotContain("resourceType");

    // Deleted: gone. Expired (its expiry moved into the past in the store): refused.
    Reply deleted = http.call("DELETE", sinceStatus, token).send();
    assertThat(deleted.status()).as(deleted.toString()).isEqualTo(202);
    assertProblem(http.call("GET", sinceStatus, token).send(), 404, "PHR-404-05");
    Stores.data()
        .getDatabase("phi_clinical")
        .getCollection("export_jobs")
        .updateMany(
            new Document("tenantId", tenant),
            new Document("$set", new Document("expiresAt", new java.util.Date(0))));
    assertProblem(http.call("GET", status, token).send(), 410, "PHR-410-05");
    assertProblem(http.call("GET", urls.get("Patient"), token).send(), 410, "PHR-410-05");

    assertThat(outcomes(subject))
        .contains(
            "BulkExport.kickOff:SUCCESS",
            "BulkExport.run:SUCCESS",
            "BulkExport.file:SUCCESS",
            "BulkExport.delete:SUCCESS");
    assertThat(Seed.auditOf(subject).toString()).doesNotContain(families.get(0));
  }

  private String kickOff(String path, String token) {
    Reply r = http.get(path, token).header("Prefer", "respond-async").send();
    assertThat(r.status()).as(r.toString()).isEqualTo(202);
    assertThat(r.header("Content-Location")).contains("/api/fhir/$export-status/");
    return r.header("Content-Location");
  }

  private JsonObject manifest(String status, String token) {
    Instant until = Instant.now().plusSeconds(60);
    while (Instant.now().isBefore(until)) {
      Reply r = http.call("GET", status, token).send();
      if (r.status() == 200) {
        return r.json();
      }
      assertThat(r.status()).as(r.toString()).isEqualTo(202);
      assertThat(r.header("X-Progress")).endsWith("% of the patients written");
      pause();
    }
    throw new AssertionError("the export did not complete in 60 s");
  }

  private static String randomPatientId() {
    byte[] bytes = new byte[16];
    new java.security.SecureRandom().nextBytes(bytes);
    return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static boolean pause() {
    try {
      Thread.sleep(500);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
