package org.phirecords.internal.clinical;

import static com.mongodb.client.model.Filters.eq;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.phirecords.internal.audit.trail.AuditReconciler;
import org.phirecords.internal.integrity.IntegrityPass;
import org.phirecords.internal.store.StoredCollection;
import org.phirecords.internal.testing.People;
import org.phirecords.internal.testing.StoreCommands.Command;
import org.phirecords.internal.testing.StoreFixture;
import org.phirecords.model.ClinicalData;
import org.phirecords.model.Code;
import org.phirecords.model.EntryType;
import org.phirecords.model.Patient;
import org.phirecords.model.PatientId;
import org.phirecords.model.RecordId;
import org.phirecords.model.TenantId;
import org.phirecords.security.Permission;
import org.phirecords.security.RequiresPermission;
import org.phirecords.security.Role;

/** Imported entries recorded as a batch (ADR 40), through the interceptor. */
class ClinicalBatchesTest {
  private static final String TENANT = "tenant-batch";
  private static final String CANARY = "canary-note-7f3a";

  private final StoreFixture fixture = new StoreFixture(Duration.ofHours(1));
  private final MongoClinicalRecords records = fixture.clinical();
  private List<Patient> patients;

  @BeforeEach
  void registerTenantAndPatients() {
    fixture.registerTenant(TENANT, "Batch tenant");
    fixture.actAs(StoreFixture.staff(TENANT, Role.PHYSICIAN));
    patients = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      patients.add(fixture.directory().create(People.synthetic()));
    }
  }

  @AfterEach
  void close() {
    fixture.close();
  }

  private static ClinicalData condition(int i) {
    return new ClinicalData(
        EntryType.CONDITION,
        List.of(new Code("http://snomed.info/sct", "44054006", "Diabetes")),
        LocalDate.of(2025, 1 + i % 12, 1),
        "active",
        null,
        CANARY + " " + i);
  }

  /** {@code n} entries spread over the patients, with ids derived from {@code seed}. */
  private List<ClinicalBatches.Imported> batch(int n, String seed) {
    List<ClinicalBatches.Imported> batch = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      batch.add(
          new ClinicalBatches.Imported(
              patients.get(i % patients.size()).id(), id(seed + i), condition(i)));
    }
    return batch;
  }

  /** A record id derived from {@code seed}, in the module's form (as an import derives one). */
  private static RecordId id(String seed) {
    byte[] digest;
    try {
      digest = java.security.MessageDigest.getInstance("SHA-256").digest(seed.getBytes());
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    return new RecordId(
        java.util.Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(java.util.Arrays.copyOf(digest, 16)));
  }

  private List<Document> events(String outcome) {
    return fixture
        .collections
        .auditLog()
        .find(
            new Document("tenantId", TENANT)
                .append("outcome", outcome)
                .append("operation", "ClinicalRecords.createAll"))
        .into(new ArrayList<>());
  }

  private long openBatches() {
    return fixture
        .collections
        .auditIntents()
        .countDocuments(new Document("entries", new Document("$exists", true)));
  }

  private long stored(StoredCollection collection) {
    return fixture
        .collections
        .forMaintenance(collection, new TenantId(TENANT))
        .find(new Document(), null, null, 0)
        .size();
  }

  @Test
  void eachEntryIsStoredSealedAndAuditedUnderItsOwnPatientAndAnnounced() {
    List<ClinicalBatches.Imported> batch = batch(7, "a");
    assertThat(records.importAll(batch, null)).containsOnly(ClinicalBatches.Outcome.CREATED);

    for (ClinicalBatches.Imported e : batch) {
      assertThat(records.get(e.id()).patientId()).isEqualTo(e.patient());
      assertThat(records.get(e.id()).data().text()).isEqualTo(e.data().text());
    }
    List<Document> written = new ArrayList<>(events("SUCCESS"));
    written.removeIf(d -> d.getString("resourceId") == null);
    assertThat(written)
        .extracting(d -> d.getString("resourceId") + "@" + d.getString("patientId"))
        .containsExactlyInAnyOrderElementsOf(
            batch.stream().map(e -> e.id().value() + "@" + e.patient().value()).toList());
    assertThat(written)
        .extracting(d -> d.get("integration", Document.class))
        .allSatisfy(
            part -> {
              assertThat(part.getString("type")).isEqualTo("EntryRecorded");
              assertThat(part.getString("entryId")).isNotNull();
            });
    assertThat(new AuditReconciler(fixture.collections, fixture.audit).reconcile(Duration.ZERO))
        .as("nothing left open")
        .isEqualTo(new AuditReconciler.Result(0, 0));
    assertThat(fixture.collections.auditLog().find().into(new ArrayList<>()).toString())
        .doesNotContain(CANARY);
    assertThat(stored(StoredCollection.ANALYTICS_FACTS)).as("projected").isEqualTo(7);
    assertThat(
            new IntegrityPass(fixture.collections, fixture.audit.recordSeals())
                .run(new TenantId(TENANT), 10)
                .findings())
        .isEmpty();
  }

  @Test
  void entriesStoredBeforeOrOfPatientsOutOfReachAreReportedSoAndChangeNothing() {
    records.importAll(batch(4, "b"), null);
    long before = stored(StoredCollection.CLINICAL_ENTRIES);
    List<ClinicalBatches.Imported> again = new ArrayList<>(batch(5, "b"));
    again.add(new ClinicalBatches.Imported(PatientId.random(), RecordId.random(), condition(0)));

    assertThat(records.importAll(again, null))
        .containsExactly(
            ClinicalBatches.Outcome.ALREADY_PRESENT,
            ClinicalBatches.Outcome.ALREADY_PRESENT,
            ClinicalBatches.Outcome.ALREADY_PRESENT,
            ClinicalBatches.Outcome.ALREADY_PRESENT,
            ClinicalBatches.Outcome.CREATED,
            ClinicalBatches.Outcome.PATIENT_NOT_FOUND);
    assertThat(stored(StoredCollection.CLINICAL_ENTRIES)).isEqualTo(before + 1);
    assertThat(events("CONFLICT")).extracting(d -> d.get("resultCount")).contains(4);
    assertThat(events("NOT_FOUND")).extracting(d -> d.get("resultCount")).contains(1);
  }

  @Test
  void aBatchCostsAFewCommandsWhateverItsSize() {
    records.importAll(batch(1, "warm"), null);
    List<Command> small = commandsOf(batch(10, "c"));
    List<Command> large = commandsOf(batch(800, "d"));
    // The tenant's standing, patients, entries present, open intent, INTENDED, one insert of the
    // entries, claim, outcome events (one insert per 256), patients and memberships for the
    // projection, its insert: never a command per entry.
    assertThat(small).as(small.toString()).hasSizeLessThanOrEqualTo(11);
    assertThat(large).as(large.toString()).hasSizeLessThanOrEqualTo(small.size() + 3);
    assertThat(large.stream().filter(c -> c.collection().equals("clinical_entries")))
        .extracting(Command::name)
        .containsExactly("find", "insert");
  }

  private List<Command> commandsOf(List<ClinicalBatches.Imported> batch) {
    fixture.commands.reset();
    records.importAll(batch, null);
    return fixture.commands.seen().stream()
        .filter(c -> !c.collection().equals("data_keys"))
        .toList();
  }

  /** Records whose batch dies after the insert and before its outcome is recorded. */
  static class Dying extends MongoClinicalRecords {
    private final StoreFixture fixture;

    Dying(StoreFixture fixture) {
      super(fixture.operations, fixture.freeText);
      this.fixture = fixture;
    }

    @Override
    @RequiresPermission(Permission.CLINICAL_CREATE)
    public List<ClinicalBatches.Outcome> importAll(
        List<ClinicalBatches.Imported> batch, String importTx) {
      var op = fixture.operations.current();
      var entries =
          new ClinicalRepository(op, fixture.freeText, Clearance.of(op, fixture.collections));
      List<Document> sealed = new ArrayList<>();
      List<String> ids = batch.stream().map(e -> e.id().value()).toList();
      List<String> owners = batch.stream().map(e -> e.patient().value()).toList();
      var intent = entries.announceBatch(ids, owners);
      for (int i = 0; i < batch.size(); i++) {
        ClinicalBatches.Imported e = batch.get(i);
        Document doc =
            entries.sealed(
                ClinicalDocuments.toDocument(
                    e.id(), e.patient(), 1L, e.data(), op.caller().subject(), null));
        entries.stamped(doc, intent.entry(i, ids.get(i), owners.get(i)).id());
        sealed.add(doc);
      }
      entries.handle().insertMany(sealed);
      throw new OutOfMemoryError("simulated crash");
    }
  }

  @Test
  void aBatchInterruptedBeforeItsOutcomeIsReconciledEntryByEntryUnderEachPatient()
      throws InterruptedException {
    List<ClinicalBatches.Imported> batch = batch(4, "e");
    MongoClinicalRecords dying = fixture.intercepted(new Dying(fixture));
    try {
      dying.importAll(batch, null);
    } catch (OutOfMemoryError expected) {
      // The process died here.
    }
    assertThat(openBatches()).isEqualTo(1);
    Thread.sleep(5);

    AuditReconciler reconciler = new AuditReconciler(fixture.collections, fixture.audit);
    assertThat(reconciler.reconcile(Duration.ZERO)).isEqualTo(new AuditReconciler.Result(1, 0));
    List<Document> outcomes =
        fixture
            .collections
            .auditLog()
            .find(eq("subject", "system:audit-reconciler"))
            .into(new ArrayList<>());
    outcomes.removeIf(d -> d.getString("resourceId") == null);
    assertThat(outcomes)
        .extracting(d -> d.getString("resourceId") + "@" + d.getString("patientId"))
        .containsExactlyInAnyOrderElementsOf(
            batch.stream().map(e -> e.id().value() + "@" + e.patient().value()).toList());
    assertThat(
            new IntegrityPass(fixture.collections, fixture.audit.recordSeals())
                .run(new TenantId(TENANT), 10)
                .findings())
        .isEmpty();
    fixture.audit.settleHeads();
    assertThat(fixture.audit.verifier().verify(TENANT, null, null).valid()).isTrue();
  }
}
