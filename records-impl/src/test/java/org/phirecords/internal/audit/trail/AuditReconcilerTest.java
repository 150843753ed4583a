package org.phirecords.internal.audit.trail;

import static com.mongodb.client.model.Filters.eq;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.phirecords.internal.store.StoredCollection;
import org.phirecords.internal.testing.StoreFixture;
import org.phirecords.model.PatientId;
import org.phirecords.model.TenantId;
import org.phirecords.security.Caller;
import org.phirecords.security.Permission;
import org.phirecords.security.Role;

class AuditReconcilerTest {
  private final StoreFixture fixture = new StoreFixture();
  private final Caller caller = StoreFixture.staff("tenant-a", Role.PHYSICIAN);

  @AfterEach
  void close() {
    fixture.close();
  }

  private WriteIntent announce(String patientId) {
    return fixture.audit.intend(
        caller,
        Permission.PATIENT_CREATE,
        Permission.PATIENT_CREATE.action(),
        StoredCollection.PATIENTS,
        "patientId",
        patientId,
        patientId,
        1L,
        "PatientDirectory.create",
        null);
  }

  @Test
  void aCrashBetweenWriteAndOutcomeIsReconciledAtStartUp() throws InterruptedException {
    String written = PatientId.random().value();
    String lost = PatientId.random().value();
    WriteIntent tookEffect = announce(written);
    fixture
        .collections
        .forMaintenance(StoredCollection.PATIENTS, new TenantId("tenant-a"))
        .insertOne(
            new Document("patientId", written)
                .append("version", 1L)
                .append("mrn", "x")
                .append(WriteIntent.STAMP, tookEffect.id()));
    WriteIntent neverWritten = announce(lost);
    // ...the process dies here: neither outcome is recorded.
    Thread.sleep(5);

    AuditReconciler reconciler = new AuditReconciler(fixture.collections, fixture.audit);
    AuditReconciler.Result result = reconciler.reconcile(Duration.ZERO);
    assertThat(result.committed()).isEqualTo(1);
    assertThat(result.abandoned()).isEqualTo(1);
    assertThat(reconciler.reconcile(Duration.ZERO)).isEqualTo(new AuditReconciler.Result(0, 0));

    List<Document> outcomes = new ArrayList<>();
    fixture.collections.auditLog().find(eq("subject", "system:audit-reconciler")).into(outcomes);
    assertThat(outcomes)
        .extracting(d -> d.getString("intentId") + ":" + d.getString("outcome"))
        .containsExactlyInAnyOrder(tookEffect.id() + ":SUCCESS", neverWritten.id() + ":ERROR");
    assertThat(fixture.collections.auditIntents().countDocuments()).isZero();
    assertThat(fixture.audit.verifier().verify("tenant-a", null, null).valid()).isTrue();
  }

  @Test
  void anIntentWhoseOutcomeIsRecordedIsOnlyClosed() throws InterruptedException {
    WriteIntent intent = announce(PatientId.random().value());
    Document open = fixture.collections.auditIntents().find(eq("_id", intent.id())).first();
    fixture.audit.conclude(intent, org.phirecords.audit.AuditOutcome.SUCCESS, 1);
    fixture.collections.auditIntents().insertOne(open); // as if closing it had failed
    Thread.sleep(5);
    assertThat(new AuditReconciler(fixture.collections, fixture.audit).reconcile(Duration.ZERO))
        .isEqualTo(new AuditReconciler.Result(0, 0));
    assertThat(fixture.collections.auditIntents().countDocuments()).isZero();
    assertThat(fixture.collections.auditLog().countDocuments(eq("intentId", intent.id())))
        .as("INTENDED plus exactly one outcome")
        .isEqualTo(2);
  }

  @Test
  void aRequestWhoseIntentWasTakenOverIsNotAcknowledgedAndNotRecordedTwice()
      throws InterruptedException {
    String id = PatientId.random().value();
    WriteIntent slow = announce(id);
    Thread.sleep(5);
    new AuditReconciler(fixture.collections, fixture.audit).reconcile(Duration.ZERO);
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> fixture.audit.conclude(slow, org.phirecords.audit.AuditOutcome.SUCCESS, 1))
        .isInstanceOf(org.phirecords.error.AuditUnavailableException.class);
    assertThat(fixture.collections.auditLog().countDocuments(eq("intentId", slow.id())))
        .as("INTENDED plus the reconciler's outcome only")
        .isEqualTo(2);
  }

  @Test
  void recentIntentsAreLeftToTheirOwnRequests() {
    announce(PatientId.random().value());
    assertThat(
            new AuditReconciler(fixture.collections, fixture.audit)
                .reconcile(Duration.ofMinutes(1)))
        .isEqualTo(new AuditReconciler.Result(0, 0));
  }
}
