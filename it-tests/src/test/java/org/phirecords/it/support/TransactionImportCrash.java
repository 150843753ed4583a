package org.phirecords.it.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.bson.Document;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.phirecords.dev.LocalModule;

/**
 * CrashIT's transaction import case (ADR 37): a large transaction Bundle posted, Payara killed
 * (SIGKILL) once the store shows the transaction's intent, its patients and its first entries, then
 * started again on the same store with a short {@code records.import.transaction-timeout-seconds}.
 * Entries are written in one batch, so the kill may land after the last of them: the transaction is
 * midway because its intent, removed only by its commit, outlived the process. After recovery: no
 * document carries the transaction's {@code importTx}, none of its patients is found, the rollback
 * is audited, and the same Bundle sent again is imported whole.
 */
public final class TransactionImportCrash {
  private static final String TENANT = "crash-import";
  private static final int PATIENTS = 200;

  /** Entries per patient: a Condition and an Observation. */
  private static final int ENTRIES = 2;

  private TransactionImportCrash() {}

  /** Runs the case in {@code dir} over its own store and Payara processes. */
  public static void run(Path dir) throws Exception {
    List<String> wars = List.of("records-web.war", "tenant-admin.war");
    List<String> options =
        List.of(
            "-Drecords.import.transaction-timeout-seconds=1",
            "-Drecords.import.max-bundle-entries=" + PATIENTS * (1 + ENTRIES));
    LocalModule module = null;
    try (StoreProcess store =
            new StoreProcess(
                    LocalRuns.freePort(), dir.resolve("store.mv"), dir.resolve("store.log"))
                .start();
        MongoClient client = MongoClients.create(store.uri())) {
      module = LocalRuns.start(dir, LocalRuns.freePort(), store.uri(), wars, options, List.of());
      LocalRuns.onboard(module, TENANT);
      String physician = module.tokens().mint("crash-importer", "physician", TENANT, null);
      List<String> mrns = new ArrayList<>();
      String bundle = bundle(mrns);
      MongoCollection<Document> intents =
          client.getDatabase("phi_clinical").getCollection("import_jobs");
      MongoCollection<Document> entries =
          client.getDatabase("phi_clinical").getCollection("clinical_entries");
      MongoCollection<Document> patients =
          client.getDatabase("phi_identity").getCollection("patients");

      HttpClient http = HttpClient.newHttpClient();
      CompletableFuture<HttpResponse<String>> posted =
          http.sendAsync(post(module, physician, bundle), HttpResponse.BodyHandlers.ofString());
      String job = midway(intents, entries, posted);
      module.payara().destroyForcibly(); // SIGKILL on Linux
      module.payara().waitFor();
      module.close();
      module = null;
      Document tx = new Document("tenantId", TENANT).append("importTx", job);
      long written = entries.countDocuments(tx);
      assertThat(intents.countDocuments(new Document("jobId", job)))
          .as("the intent outlived the process")
          .isEqualTo(1);
      assertThat(written)
          .as("killed after its first entries were written, before its commit")
          .isPositive()
          .isLessThanOrEqualTo(PATIENTS * ENTRIES);
      long patientsWritten = patients.countDocuments(tx);
      System.out.println(
          "[CrashIT] transaction killed after "
              + written
              + " of "
              + PATIENTS * ENTRIES
              + " entries ("
              + patientsWritten
              + " patients)");
      assertThat(patientsWritten).as("its patients were written").isPositive();

      module = LocalRuns.start(dir, LocalRuns.freePort(), store.uri(), wars, options, List.of());
      long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
      while (intents.countDocuments(new Document("jobId", job)) > 0
          && System.nanoTime() < deadline) {
        Thread.sleep(250);
      }
      assertThat(intents.countDocuments(new Document("jobId", job)))
          .as("recovery closed the intent")
          .isZero();
      assertThat(entries.countDocuments(tx)).as("no entry of the transaction remains").isZero();
      assertThat(patients.countDocuments(tx)).as("no patient of the transaction remains").isZero();
      String reader = module.tokens().mint("crash-reader", "physician", TENANT, null);
      for (String mrn : List.of(mrns.get(0), mrns.get(PATIENTS / 2), mrns.get(PATIENTS - 1))) {
        HttpResponse<String> found =
            http.send(
                HttpRequest.newBuilder(
                        URI.create(module.base() + "/records-web/api/patients/search"))
                    .header("Authorization", "Bearer " + reader)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"mrn\":\"" + mrn + "\"}"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(found.statusCode())
            .as("a patient of the rolled-back transaction")
            .isEqualTo(404);
      }
      List<Document> rollback =
          client
              .getDatabase("phi_audit")
              .getCollection("audit_events")
              .find(
                  new Document("tenantId", TENANT)
                      .append("resourceId", job)
                      .append("action", "DELETE")
                      .append("subject", "system:import-recovery"))
              .into(new ArrayList<>());
      assertThat(rollback).as("the rollback is audited").hasSize(1);
      assertThat(rollback.get(0).getInteger("resultCount"))
          .as("with what it removed: the entries and patients it had written")
          .isEqualTo((int) (written + patientsWritten));

      HttpResponse<String> again =
          http.send(post(module, physician(module), bundle), HttpResponse.BodyHandlers.ofString());
      assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
      Bundle response =
          ca.uhn.fhir.context.FhirContext.forR4Cached()
              .newJsonParser()
              .parseResource(Bundle.class, again.body());
      assertThat(response.getEntry())
          .hasSize(PATIENTS * (1 + ENTRIES))
          .allSatisfy(e -> assertThat(e.getResponse().getStatus()).startsWith("201"));
      Document first = intentsOf(client);
      assertThat(first).as("the second transaction committed").isNull();
      assertThat(
              entries.countDocuments(
                  new Document("tenantId", TENANT).append("importTx", new Document("$ne", null))))
          .as("every entry imported")
          .isEqualTo(PATIENTS * ENTRIES);
    } finally {
      if (module != null) {
        module.close();
      }
    }
  }

  private static String physician(LocalModule module) throws Exception {
    return module.tokens().mint("crash-importer-2", "physician", TENANT, null);
  }

  private static Document intentsOf(MongoClient client) {
    return client
        .getDatabase("phi_clinical")
        .getCollection("import_jobs")
        .find(new Document("tenantId", TENANT))
        .first();
  }

  /**
   * Waits until the transaction's intent is stored and its first entries are written; its job id.
   */
  private static String midway(
      MongoCollection<Document> intents,
      MongoCollection<Document> entries,
      CompletableFuture<HttpResponse<String>> posted)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(4).toNanos();
    while (System.nanoTime() < deadline) {
      assertThat(posted.isDone())
          .as("the import answered before it could be killed midway: %s", posted.getNow(null))
          .isFalse();
      Document intent = intents.find(new Document("tenantId", TENANT)).first();
      if (intent != null) {
        String job = intent.getString("jobId");
        long written =
            entries.countDocuments(new Document("tenantId", TENANT).append("importTx", job));
        if (written > 0) {
          return job;
        }
      }
      Thread.sleep(10);
    }
    throw new AssertionError("the transaction did not start writing within 4 minutes");
  }

  private static HttpRequest post(LocalModule module, String token, String bundle) {
    return HttpRequest.newBuilder(URI.create(module.base() + "/records-web/api/fhir"))
        .timeout(Duration.ofMinutes(5))
        .header("Authorization", "Bearer " + token)
        .header("Content-Type", "application/fhir+json")
        .POST(HttpRequest.BodyPublishers.ofString(bundle))
        .build();
  }

  /**
   * A transaction of {@link #PATIENTS} synthetic patients with their entries; MRNs into {@code
   * mrns}.
   */
  private static String bundle(List<String> mrns) {
    var faker = new net.datafaker.Faker(Locale.US);
    Bundle bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);
    for (int i = 0; i < PATIENTS; i++) {
      String mrn = "MRN-CRASH-" + (10_000 + i);
      mrns.add(mrn);
      Patient p = new Patient();
      p.addIdentifier().setSystem("https://phirecords.org/fhir/sid/mrn/" + TENANT).setValue(mrn);
      p.addName().setFamily(faker.name().lastName()).addGiven(faker.name().firstName());
      p.setBirthDateElement(new DateType("1970-01-" + (10 + i % 18)));
      p.setGender(Enumerations.AdministrativeGender.FEMALE);
      String url = "urn:uuid:" + UUID.randomUUID();
      add(bundle, url, p);
      Reference subject = new Reference(url);
      Condition c =
          new Condition()
              .setCode(
                  new CodeableConcept()
                      .addCoding(new Coding("http://snomed.info/sct", "44054006", "Diabetes")))
              .setSubject(subject)
              .setOnset(new DateTimeType("2025-03-01"));
      c.addIdentifier().setSystem("https://ehr.example.invalid/id").setValue(mrn + "/c");
      add(bundle, "urn:uuid:" + UUID.randomUUID(), c);
      Observation o =
          new Observation()
              .setStatus(Observation.ObservationStatus.FINAL)
              .setCode(
                  new CodeableConcept()
                      .addCoding(new Coding("http://loinc.org", "4548-4", "HbA1c")))
              .setSubject(subject)
              .setEffective(new DateTimeType("2025-03-02"))
              .setValue(new Quantity().setValue(new BigDecimal("7.1")).setUnit("%"));
      o.addIdentifier().setSystem("https://ehr.example.invalid/id").setValue(mrn + "/o");
      add(bundle, "urn:uuid:" + UUID.randomUUID(), o);
    }
    return ca.uhn.fhir.context.FhirContext.forR4Cached()
        .newJsonParser()
        .encodeResourceToString(bundle);
  }

  private static void add(Bundle bundle, String url, Resource r) {
    bundle
        .addEntry()
        .setFullUrl(url)
        .setResource(r)
        .getRequest()
        .setMethod(Bundle.HTTPVerb.POST)
        .setUrl(r.fhirType());
  }
}
