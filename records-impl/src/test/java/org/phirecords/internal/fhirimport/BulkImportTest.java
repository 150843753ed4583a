package org.phirecords.internal.fhirimport;

import static com.mongodb.client.model.Filters.eq;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.phirecords.error.RecordsException;
import org.phirecords.internal.clinical.ClinicalBatches;
import org.phirecords.internal.clinical.MongoClinicalRecords;
import org.phirecords.internal.fhir.FhirJson;
import org.phirecords.internal.patient.MongoPatientDirectory;
import org.phirecords.internal.store.StoredCollection;
import org.phirecords.internal.testing.MapConfig;
import org.phirecords.internal.testing.StoreFixture;
import org.phirecords.model.BulkImportFile;
import org.phirecords.model.BulkImportId;
import org.phirecords.model.BulkImportStatus;
import org.phirecords.model.TenantId;
import org.phirecords.security.Role;

/**
 * Bulk NDJSON import through the interceptor (ADR 40): a job created, uploaded in chunks, started
 * and run by the worker; refused lines by number; only its creator; resumed after an interruption
 * to the same final state.
 */
class BulkImportTest {
  static final String TENANT = "tenant-a";
  static final TenantId ID = new TenantId(TENANT);

  final StoreFixture fixture = new StoreFixture();
  final MongoPatientDirectory directory =
      fixture.intercepted(new MongoPatientDirectory(fixture.operations, fixture.protection));
  final MongoClinicalRecords clinical =
      fixture.intercepted(new MongoClinicalRecords(fixture.operations, fixture.freeText));

  MongoBulkImport imports(MongoClinicalRecords entries) {
    var config =
        new org.phirecords.internal.config.RecordsConfig(
            new MapConfig().with("records.import.bulk.lease-seconds", "0"));
    return fixture.intercepted(
        new MongoBulkImport(fixture.operations, fixture.freeText, directory, entries, config));
  }

  @BeforeEach
  void tenants() {
    for (String t : List.of(TENANT, "tenant-b")) {
      if (fixture.collections.tenantRegistry().find(eq("_id", t)).first() == null) {
        fixture
            .collections
            .tenantRegistry()
            .insertOne(
                new Document("_id", t)
                    .append("displayName", t)
                    .append("status", "ACTIVE")
                    .append("createdAt", new Date()));
      }
    }
    fixture.actAs(StoreFixture.staff(TENANT, Role.PHYSICIAN));
  }

  @AfterEach
  void close() {
    fixture.close();
  }

  long count(StoredCollection c) {
    return fixture.collections.forMaintenance(c, ID).find(new Document(), null, null, 0).size();
  }

  /**
   * Synthetic people as NDJSON files by type: patients with ids {@code src-<n>}, entries naming
   * them by {@code Patient/src-<n>}.
   */
  static Map<String, List<String>> ndjson(int people) {
    SyntheaBundles synthea = new SyntheaBundles(Bundle.BundleType.BATCH, ID, people);
    Map<String, String> refs = new HashMap<>();
    Map<String, List<String>> files = new LinkedHashMap<>();
    int n = 0;
    for (Bundle.BundleEntryComponent e : synthea.bundle.getEntry()) {
      Resource r = e.getResource();
      if (r instanceof org.hl7.fhir.r4.model.Patient) {
        r.setId("src-" + n++);
        refs.put(e.getFullUrl(), "Patient/" + r.getIdElement().getIdPart());
      } else {
        Reference subject = FhirToModel.subject(r);
        // One Reference object is shared by a person's entries: rewritten once.
        subject.setReference(refs.getOrDefault(subject.getReference(), subject.getReference()));
      }
      files.computeIfAbsent(r.fhirType(), t -> new ArrayList<>()).add(FhirJson.compact(r));
    }
    return files;
  }

  /** Creates and uploads a job of {@code files}, in chunks of {@code per} lines. */
  static BulkImportId upload(MongoBulkImport imports, Map<String, List<String>> files, int per) {
    List<BulkImportFile> named = new ArrayList<>();
    files.forEach((t, lines) -> named.add(new BulkImportFile(t, (lines.size() + per - 1) / per)));
    BulkImportId id = imports.create(named).id();
    int f = 0;
    for (List<String> lines : files.values()) {
      for (int k = 0; k * per < lines.size(); k++) {
        String text =
            String.join("\n", lines.subList(k * per, Math.min(lines.size(), (k + 1) * per))) + "\n";
        imports.upload(id, f, k, text.getBytes(StandardCharsets.UTF_8));
      }
      f++;
    }
    return id;
  }

  @Test
  void aJobImportsPatientsThenEntriesAndRemovesItsChunks() {
    MongoBulkImport imports = imports(clinical);
    Map<String, List<String>> files = ndjson(5);
    // Entries first in the job: the worker still imports the patients first.
    Map<String, List<String>> reversed = new LinkedHashMap<>();
    List<String> types = new ArrayList<>(files.keySet());
    java.util.Collections.reverse(types);
    types.forEach(t -> reversed.put(t, files.get(t)));
    reversed.get("Condition").add(1, "{not json");
    reversed.get("Condition").add(3, "{\"resourceType\":\"Observation\"}");
    BulkImportId id = upload(imports, reversed, 2);
    assertThat(count(StoredCollection.BULK_IMPORT_CHUNKS)).isPositive();
    assertThat(
            fixture
                .collections
                .forMaintenance(StoredCollection.BULK_IMPORT_CHUNKS, ID)
                .find(new Document(), null, null, 0)
                .get(0)
                .get("data"))
        .as("chunks sealed at rest")
        .isNotInstanceOf(String.class);
    imports.start(id);
    new BulkImportWorker(fixture.collections, imports).poll();

    BulkImportStatus done = imports.status(id);
    assertThat(done.state()).isEqualTo("DONE");
    assertThat(count(StoredCollection.PATIENTS)).isEqualTo(5);
    assertThat(count(StoredCollection.CLINICAL_ENTRIES)).isEqualTo(30);
    assertThat(count(StoredCollection.BULK_IMPORT_CHUNKS)).as("chunks removed").isZero();
    assertThat(done.failedLines()).isEqualTo(2);
    int condition = new ArrayList<>(reversed.keySet()).indexOf("Condition");
    assertThat(done.errors())
        .containsExactly(
            new BulkImportStatus.LineError(condition, 2, "PHR-400-43"),
            new BulkImportStatus.LineError(condition, 4, "PHR-400-42"));
    assertThat(done.files().stream().mapToLong(BulkImportStatus.FileProgress::linesDone).sum())
        .isEqualTo(35);
  }

  @Test
  void onlyItsCreatorFindsAJob() {
    MongoBulkImport imports = imports(clinical);
    BulkImportId id = upload(imports, ndjson(1), 10);
    fixture.actAs(StoreFixture.staffNamed("someone-else", TENANT, Role.PHYSICIAN));
    assertThatThrownBy(() -> imports.status(id))
        .isInstanceOf(RecordsException.class)
        .hasFieldOrPropertyWithValue(
            "errorCode", org.phirecords.error.ErrorCode.BULK_IMPORT_NOT_FOUND);
    fixture.actAs(StoreFixture.staff("tenant-b", Role.PHYSICIAN));
    assertThatThrownBy(() -> imports.cancel(id))
        .hasFieldOrPropertyWithValue(
            "errorCode", org.phirecords.error.ErrorCode.BULK_IMPORT_NOT_FOUND);
  }

  @Test
  void aJobStartsOnlyWithEveryChunkAndTakesNoChunkOnceStarted() {
    MongoBulkImport imports = imports(clinical);
    BulkImportId id = imports.create(List.of(new BulkImportFile("Patient", 2))).id();
    imports.upload(id, 0, 0, "\n".getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(() -> imports.start(id))
        .hasFieldOrPropertyWithValue(
            "errorCode", org.phirecords.error.ErrorCode.BULK_IMPORT_INCOMPLETE);
    assertThat(imports.status(id).files().get(0).received()).containsExactly(0);
    assertThatThrownBy(() -> imports.upload(id, 0, 2, new byte[1]))
        .hasFieldOrPropertyWithValue("errorCode", org.phirecords.error.ErrorCode.BULK_IMPORT_CHUNK);
    imports.upload(id, 0, 1, "\n".getBytes(StandardCharsets.UTF_8));
    imports.start(id);
    assertThatThrownBy(() -> imports.upload(id, 0, 1, new byte[1]))
        .hasFieldOrPropertyWithValue("errorCode", org.phirecords.error.ErrorCode.BULK_IMPORT_STATE);
    assertThatThrownBy(() -> imports.create(List.of(new BulkImportFile("Medication", 1))))
        .hasFieldOrPropertyWithValue("errorCode", org.phirecords.error.ErrorCode.BULK_IMPORT_FILES);
  }

  /** Fails every entry write after the first n: the process "dies" in the middle of a chunk. */
  static final class Crashing extends MongoClinicalRecords {
    private final MongoClinicalRecords real;
    private int left;

    Crashing(MongoClinicalRecords real, int after) {
      this.real = real;
      this.left = after;
    }

    @Override
    public List<ClinicalBatches.Outcome> importAll(
        List<ClinicalBatches.Imported> batch, String tx) {
      if (batch.size() > left) {
        // Writes the first entries, as the process would before it died.
        real.importAll(batch.subList(0, Math.max(0, left)), tx);
        left = 0;
        throw new IllegalStateException("killed");
      }
      left -= batch.size();
      return real.importAll(batch, tx);
    }
  }

  @Test
  void anInterruptedJobIsResumedByAnotherWorkerToTheSameFinalState() {
    Map<String, List<String>> files = ndjson(4);
    BulkImportId id = upload(imports(clinical), files, 3);
    imports(clinical).start(id);
    // The first worker dies in the middle of an entry chunk, after some of its writes.
    new BulkImportWorker(fixture.collections, imports(new Crashing(clinical, 7))).poll();
    assertThat(imports(clinical).status(id).state()).isEqualTo("RUNNING");
    long partial = count(StoredCollection.CLINICAL_ENTRIES);
    assertThat(partial).isBetween(1L, 23L);
    // Another worker resumes after the lease (0 s here).
    new BulkImportWorker(fixture.collections, imports(clinical)).poll();

    BulkImportStatus done = imports(clinical).status(id);
    assertThat(done.state()).isEqualTo("DONE");
    assertThat(done.failedLines()).isZero();
    assertThat(count(StoredCollection.PATIENTS)).isEqualTo(4);
    assertThat(count(StoredCollection.CLINICAL_ENTRIES)).isEqualTo(24);
    assertThat(done.files().stream().mapToLong(BulkImportStatus.FileProgress::linesDone).sum())
        .as("each line counted once")
        .isEqualTo(28);
    assertThat(count(StoredCollection.BULK_IMPORT_CHUNKS)).isZero();
  }
}
