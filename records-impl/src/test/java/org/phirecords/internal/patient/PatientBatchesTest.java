package org.phirecords.internal.patient;

import static com.mongodb.client.model.Filters.eq;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;
import org.bson.types.Binary;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.phirecords.error.AccessDeniedException;
import org.phirecords.error.AuditUnavailableException;
import org.phirecords.error.ErrorCode;
import org.phirecords.error.RecordsException;
import org.phirecords.internal.audit.trail.AuditReconciler;
import org.phirecords.internal.audit.trail.WriteIntent;
import org.phirecords.internal.integrity.IntegrityPass;
import org.phirecords.internal.store.StoredCollection;
import org.phirecords.internal.testing.People;
import org.phirecords.internal.testing.StoreFixture;
import org.phirecords.model.Patient;
import org.phirecords.model.PatientBatch;
import org.phirecords.model.PatientBatch.Outcome;
import org.phirecords.model.PatientData;
import org.phirecords.model.PatientId;
import org.phirecords.model.TenantId;
import org.phirecords.security.Permission;
import org.phirecords.security.RequiresPermission;
import org.phirecords.security.Role;

/** Batch registration through the interceptor (ADR 34). */
class PatientBatchesTest {
  private static final String TENANT = "tenant-a";

  private final StoreFixture fixture = new StoreFixture();
  private final MongoPatientDirectory directory = fixture.directory();

  @AfterEach
  void close() {
    fixture.close();
  }

  private void asPhysician() {
    fixture.actAs(StoreFixture.staff(TENANT, Role.PHYSICIAN));
  }

  private List<Document> stored() {
    List<Document> docs = new ArrayList<>();
    fixture
        .collections
        .forMaintenance(StoredCollection.PATIENTS, new TenantId(TENANT))
        .find(new Document(), null, null, 0)
        .forEach(docs::add);
    return docs;
  }

  private List<Document> auditEvents() {
    List<Document> events = new ArrayList<>();
    fixture.collections.auditLog().find(eq("tenantId", TENANT)).into(events);
    return events;
  }

  @Test
  void everyPatientOfABatchIsStoredAndReadableExactlyAsACreateStoresIt() {
    asPhysician();
    Patient single = directory.create(People.synthetic());
    List<PatientData> batch = People.synthetic(5);
    PatientBatch result = directory.createAll(batch);

    assertThat(result.entries())
        .extracting(PatientBatch.Entry::outcome)
        .containsOnly(Outcome.CREATED);
    for (int i = 0; i < batch.size(); i++) {
      PatientId id = result.entries().get(i).id();
      assertThat(directory.get(id).data()).isEqualTo(batch.get(i));
      assertThat(directory.get(id).version()).isEqualTo(1L);
      assertThat(directory.findByMrn(batch.get(i).mrn()).id()).isEqualTo(id);
    }
    Document created =
        stored().stream()
            .filter(d -> d.get("patientId").equals(single.id().value()))
            .findFirst()
            .orElseThrow();
    for (Document d : stored()) {
      assertThat(d.keySet()).as("the same fields as a create's").isEqualTo(created.keySet());
      assertThat(d.get("mrn")).as("sealed").isInstanceOf(Binary.class);
      assertThat(d.get("familyName")).isInstanceOf(Binary.class);
    }
    // Each record matches its digest and the digest its write's audit event recorded (ADR 23).
    var report =
        new IntegrityPass(fixture.collections, fixture.audit.recordSeals())
            .run(new TenantId(TENANT), 10);
    assertThat(report.findings()).isEmpty();
    assertThat(report.checked()).isEqualTo(6);
  }

  @Test
  void duplicateMrnsAreReportedAlreadyPresentAndTheRestStored() {
    asPhysician();
    PatientData existing = People.synthetic();
    directory.create(existing);
    PatientData fresh = People.synthetic();
    List<PatientData> batch = List.of(fresh, existing, People.synthetic(), fresh);

    PatientBatch result = directory.createAll(batch);
    assertThat(result.entries())
        .extracting(PatientBatch.Entry::outcome)
        .containsExactly(
            Outcome.CREATED, Outcome.ALREADY_PRESENT, Outcome.CREATED, Outcome.ALREADY_PRESENT);
    assertThat(result.created()).hasSize(2);
    assertThat(stored()).hasSize(3);

    // Re-sending the batch changes nothing.
    PatientBatch again = directory.createAll(batch);
    assertThat(again.alreadyPresent()).isEqualTo(4);
    assertThat(stored()).hasSize(3);
    assertThat(fixture.collections.auditIntents().countDocuments()).isZero();
  }

  @Test
  void aCallerWithoutThePermissionOrNarrowedBelowTheTenantIsRefusedAndNothingStored() {
    fixture.actAs(StoreFixture.staff(TENANT, Role.BILLING));
    assertThatThrownBy(() -> directory.createAll(People.synthetic(3)))
        .isInstanceOf(AccessDeniedException.class);
    assertThat(stored()).isEmpty();
    assertThat(auditEvents())
        .extracting(d -> d.getString("operation") + ":" + d.getString("outcome"))
        .containsExactly("PatientDirectory.createAll:DENIED");
  }

  @Test
  void aBatchOverTheBoundIsRefusedBeforeAnythingIsStored() {
    asPhysician();
    List<PatientData> tooMany = People.synthetic(PatientBatch.MAX_ENTRIES + 1);
    assertThatThrownBy(() -> directory.createAll(tooMany))
        .isInstanceOf(RecordsException.class)
        .extracting(e -> ((RecordsException) e).errorCode())
        .isEqualTo(ErrorCode.BATCH_TOO_LARGE);
    assertThat(stored()).isEmpty();
    assertThat(fixture.collections.auditIntents().countDocuments()).isZero();
    assertThat(auditEvents())
        .extracting(d -> d.getString("outcome") + ":" + d.get("resultCount"))
        .containsExactly("INVALID:" + (PatientBatch.MAX_ENTRIES + 1));
  }

  @Test
  void aBatchIsAnnouncedOnceAndConcludedWithAnEventPerPatientTheCountAndNoPhi() {
    asPhysician();
    PatientData existing = People.synthetic();
    directory.create(existing);
    List<PatientData> batch = List.of(People.synthetic(), existing, People.synthetic());
    PatientBatch result = directory.createAll(batch);

    List<Document> events = new ArrayList<>();
    fixture
        .collections
        .auditLog()
        .find(eq("operation", "PatientDirectory.createAll"))
        .sort(new Document("seq", 1))
        .into(events);
    assertThat(events)
        .extracting(d -> d.getString("outcome") + ":" + d.get("resultCount"))
        .containsExactly("INTENDED:0", "SUCCESS:1", "SUCCESS:1", "SUCCESS:2", "CONFLICT:1");
    String batchIntent = events.get(0).getString("intentId");
    assertThat(events.get(1).getString("patientId")).isEqualTo(result.created().get(0).value());
    assertThat(events.get(2).getString("patientId")).isEqualTo(result.created().get(1).value());
    assertThat(events.get(1).getString("intentId")).isEqualTo(batchIntent + "/0");
    assertThat(events.get(2).getString("intentId")).isEqualTo(batchIntent + "/2");
    assertThat(events.get(1).getString("recordDigest")).isNotBlank();
    assertThat(events.subList(3, 5))
        .extracting(d -> d.getString("intentId"))
        .containsOnly(batchIntent);
    assertThat(events)
        .extracting(d -> d.getString("operation"))
        .containsOnly("PatientDirectory.createAll");
    String all = events.toString();
    for (PatientData p : batch) {
      assertThat(all)
          .doesNotContain(p.mrn().value())
          .doesNotContain(p.familyName())
          .doesNotContain(p.givenName());
    }
    assertThat(fixture.collections.auditIntents().countDocuments()).isZero();
  }

  @Test
  void theAuditStoreDownMeansNothingIsStored() {
    asPhysician();
    directory.create(People.synthetic()); // the data key exists
    long before = stored().size();
    fixture.auditServer.shutdownNow();
    assertThatThrownBy(() -> directory.createAll(People.synthetic(3)))
        .isInstanceOf(AuditUnavailableException.class);
    assertThat(stored()).hasSize((int) before);
  }

  /** A directory whose batch dies after the insert and before its outcome is recorded. */
  static class DyingDirectory extends MongoPatientDirectory {
    private final StoreFixture fixture;

    DyingDirectory(StoreFixture fixture) {
      super(fixture.operations, fixture.protection);
      this.fixture = fixture;
    }

    @Override
    @RequiresPermission(Permission.PATIENT_CREATE)
    public PatientBatch createAll(List<PatientData> batch) {
      var op = fixture.operations.current();
      var stored =
          new PatientBatches(op, new PatientRepository(op, fixture.protection)).store(batch);
      return new PatientBatch(
          stored.ids().stream().map(id -> new PatientBatch.Entry(0, Outcome.CREATED, id)).toList());
    }
  }

  @Test
  void aBatchInterruptedBeforeItsOutcomeIsReconciledEntryByEntry() throws InterruptedException {
    asPhysician();
    PatientData existing = People.synthetic();
    directory.create(existing);
    MongoPatientDirectory dying = fixture.intercepted(new DyingDirectory(fixture));
    List<PatientData> batch = List.of(People.synthetic(), existing, People.synthetic());
    List<PatientId> ids = dying.createAll(batch).created();
    assertThat(fixture.collections.auditIntents().countDocuments()).isEqualTo(1);
    Thread.sleep(5);

    AuditReconciler reconciler = new AuditReconciler(fixture.collections, fixture.audit);
    assertThat(reconciler.reconcile(Duration.ZERO)).isEqualTo(new AuditReconciler.Result(1, 0));
    assertThat(reconciler.reconcile(Duration.ZERO)).isEqualTo(new AuditReconciler.Result(0, 0));
    List<Document> outcomes = new ArrayList<>();
    fixture.collections.auditLog().find(eq("subject", "system:audit-reconciler")).into(outcomes);
    assertThat(outcomes)
        .extracting(d -> d.getString("patientId") + ":" + d.getString("outcome"))
        .containsExactly(
            ids.get(0).value() + ":SUCCESS", ids.get(2).value() + ":SUCCESS", "null:SUCCESS");
    assertThat(fixture.collections.auditIntents().countDocuments()).isZero();
    assertThat(
            new IntegrityPass(fixture.collections, fixture.audit.recordSeals())
                .run(new TenantId(TENANT), 10)
                .findings())
        .isEmpty();
    fixture.audit.settleHeads();
    assertThat(fixture.audit.verifier().verify(TENANT, null, null).valid()).isTrue();
  }

  @Test
  void aBatchThatDiedBeforeItsInsertIsConcludedAsAnErrorWhateverElseHoldsItsIds()
      throws InterruptedException {
    asPhysician();
    List<String> ids = List.of(PatientId.random().value(), PatientId.random().value());
    WriteIntent lost =
        fixture.audit.intendBatch(
            new WriteIntent(
                "batch-1",
                StoreFixture.staff(TENANT, Role.PHYSICIAN),
                Permission.PATIENT_CREATE,
                Permission.PATIENT_CREATE.action(),
                null,
                null,
                "PatientDirectory.createAll"),
            StoredCollection.PATIENTS,
            "patientId",
            ids,
            null);
    // A record with the first id, but not written by this batch's entry: proves nothing.
    fixture
        .collections
        .forMaintenance(StoredCollection.PATIENTS, new TenantId(TENANT))
        .insertOne(
            new Document("patientId", ids.get(0))
                .append("version", 1L)
                .append("mrn", "x")
                .append(WriteIntent.STAMP, "another-intent"));
    Thread.sleep(5);
    assertThat(new AuditReconciler(fixture.collections, fixture.audit).reconcile(Duration.ZERO))
        .isEqualTo(new AuditReconciler.Result(0, 1));
    assertThat(
            fixture.collections.auditLog().find(eq("intentId", lost.id())).into(new ArrayList<>()))
        .extracting(d -> d.getString("outcome"))
        .containsExactly("INTENDED", "ERROR");
  }
}
