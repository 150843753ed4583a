package org.phirecords.internal.integrity;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

import jakarta.enterprise.event.Event;
import java.time.Duration;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.phirecords.audit.AnomalyDetected;
import org.phirecords.audit.AuditOutcome;
import org.phirecords.internal.audit.trail.AuditReconciler;
import org.phirecords.internal.audit.trail.WriteIntent;
import org.phirecords.internal.config.RecordsConfig;
import org.phirecords.internal.crypto.DataKeyRotation;
import org.phirecords.internal.patient.MongoPatientDirectory;
import org.phirecords.internal.store.StoredCollection;
import org.phirecords.internal.testing.MapConfig;
import org.phirecords.internal.testing.People;
import org.phirecords.internal.testing.StoreFixture;
import org.phirecords.model.IntegrityFinding;
import org.phirecords.model.IntegrityFinding.Kind;
import org.phirecords.model.IntegrityReport;
import org.phirecords.model.Patient;
import org.phirecords.model.PatientId;
import org.phirecords.model.TenantId;
import org.phirecords.security.Permission;
import org.phirecords.security.Role;

/**
 * Record integrity across the module's own rewrites, crashes and the schedule (ADR 23): a key
 * rotation keeps sound records sealed without laundering a changed one, a reconciled write's event
 * holds its digest, the chain covers the digest, and the scheduled pass audits and alerts.
 */
class IntegrityMaintenanceTest {
  private static final TenantId A = new TenantId("tenant-a");

  private final StoreFixture fixture = new StoreFixture();
  private final MongoPatientDirectory directory = fixture.directory();

  @AfterEach
  void close() {
    fixture.close();
  }

  private IntegrityReport pass() {
    return new IntegrityPass(fixture.collections, fixture.audit.recordSeals()).run(A, 100);
  }

  private Patient created() {
    fixture.actAs(StoreFixture.staff("tenant-a", Role.PHYSICIAN));
    return directory.create(People.synthetic());
  }

  @Test
  void aKeyRotationResealsSoundRecordsButNotAChangedOne() {
    Patient sound = created();
    Patient changed = created();
    fixture
        .collections
        .forMaintenance(StoredCollection.PATIENTS, A)
        .findOneAndUpdate(
            eq("patientId", changed.id().value()),
            new Document("$set", new Document("sex", "changed")));

    new DataKeyRotation(
            fixture.cipher,
            fixture.protection,
            fixture.collections,
            new RecordRewrites(fixture.audit))
        .rotate(A, 10, 10);

    assertThat(
            fixture
                .collections
                .forMaintenance(StoredCollection.PATIENTS, A)
                .findOne(eq("patientId", sound.id().value()), null, null)
                .orElseThrow()
                .getString("dataKeyId"))
        .as("re-encrypted")
        .isNotNull();
    // The rewrite changed the sound record's ciphertext and sealed it anew; the other stays named.
    assertThat(pass().findings())
        .extracting(IntegrityFinding::recordId, IntegrityFinding::kind)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(changed.id().value(), Kind.DIGEST_MISMATCH));
  }

  @Test
  void aReconciledWritesEventHoldsTheStoredDigest() throws InterruptedException {
    fixture.actAs(StoreFixture.staff("tenant-a", Role.PHYSICIAN));
    String id = PatientId.random().value();
    WriteIntent intent =
        fixture.audit.intend(
            StoreFixture.staff("tenant-a", Role.PHYSICIAN),
            Permission.PATIENT_CREATE,
            Permission.PATIENT_CREATE.action(),
            StoredCollection.PATIENTS,
            "patientId",
            id,
            id,
            1L,
            "PatientDirectory.create",
            null);
    Document doc =
        new Document("patientId", id).append("version", 1L).append(WriteIntent.STAMP, intent.id());
    Document seal = fixture.audit.recordSeals().seal("patients", A, id, 1L, doc);
    fixture
        .collections
        .forMaintenance(StoredCollection.PATIENTS, A)
        .insertOne(doc.append(RecordSeals.FIELD, seal));
    Thread.sleep(5); // ...the process dies here, before the outcome.

    new AuditReconciler(fixture.collections, fixture.audit).reconcile(Duration.ZERO);

    Document outcome =
        fixture
            .collections
            .auditLog()
            .find(and(eq("intentId", intent.id()), eq("outcome", AuditOutcome.SUCCESS.name())))
            .first();
    assertThat(outcome.getString("recordDigest")).isEqualTo(seal.getString("mac"));
    assertThat(pass().findings()).isEmpty();
  }

  @Test
  void removingTheDigestFromAnAuditEventBreaksTheChain() {
    Patient p = created();
    assertThat(fixture.audit.verifier().verify("tenant-a", null, null).valid()).isTrue();
    fixture
        .collections
        .auditLog()
        .updateOne(
            and(eq("resourceId", p.id().value()), eq("outcome", "SUCCESS")),
            new Document("$unset", new Document("recordDigest", "")));
    assertThat(fixture.audit.verifier().verify("tenant-a", null, null).valid()).isFalse();
  }

  @SuppressWarnings("unchecked")
  @Test
  void theScheduledPassAuditsEachTenantAndAlertsOnChangedRecords() {
    Patient p = created();
    fixture
        .collections
        .tenantRegistry()
        .insertOne(new Document("_id", "tenant-a").append("status", "ACTIVE"));
    fixture
        .collections
        .tenantRegistry()
        .insertOne(new Document("_id", "tenant-gone").append("status", "OFFBOARDED"));
    Event<AnomalyDetected> alerts = mock(Event.class);
    ScheduledIntegrityCheck scheduled =
        new ScheduledIntegrityCheck(
            fixture.collections, fixture.audit, alerts, new RecordsConfig(new MapConfig()));

    assertThat(scheduled.runOnce()).extracting(r -> r.tenant().value()).containsExactly("tenant-a");
    verify(alerts, never()).fireAsync(org.mockito.ArgumentMatchers.any());

    fixture
        .collections
        .forMaintenance(StoredCollection.PATIENTS, A)
        .findOneAndUpdate(
            eq("patientId", p.id().value()), new Document("$set", new Document("version", 9L)));
    List<IntegrityReport> reports = scheduled.runOnce();
    assertThat(reports.get(0).changed()).isEqualTo(1);
    verify(alerts)
        .fireAsync(
            argThat(
                (AnomalyDetected a) ->
                    a.kind() == AnomalyDetected.Kind.RECORDS_CHANGED_AT_REST
                        && a.tenant().equals("tenant-a")
                        && a.observed() == 1));
    assertThat(
            fixture
                .collections
                .auditLog()
                .countDocuments(
                    and(
                        eq("subject", ScheduledIntegrityCheck.SUBJECT),
                        eq("resourceType", "RECORD_INTEGRITY"))))
        .as("two passes and one alert")
        .isEqualTo(3);
  }
}
