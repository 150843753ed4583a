package org.phirecords.internal.integrity;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;
import org.bson.types.Binary;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.phirecords.error.AccessDeniedException;
import org.phirecords.error.InvalidInputException;
import org.phirecords.internal.audit.trail.WriteIntent;
import org.phirecords.internal.clinical.MongoClinicalRecords;
import org.phirecords.internal.patient.MongoPatientDirectory;
import org.phirecords.internal.testing.People;
import org.phirecords.internal.testing.StoreFixture;
import org.phirecords.model.ClinicalData;
import org.phirecords.model.ClinicalEntry;
import org.phirecords.model.Code;
import org.phirecords.model.EntryType;
import org.phirecords.model.IntegrityFinding;
import org.phirecords.model.IntegrityFinding.Kind;
import org.phirecords.model.IntegrityReport;
import org.phirecords.model.Patient;
import org.phirecords.model.TenantId;
import org.phirecords.security.Role;

/** Record integrity (ADR 23): records changed at rest, the pass names them and only them. */
class RecordIntegrityTest {
  private static final TenantId A = new TenantId("tenant-a");

  private final StoreFixture fixture = new StoreFixture();
  private final MongoPatientDirectory directory = fixture.directory();
  private final MongoClinicalRecords clinical = fixture.clinical();
  private final MongoRecordIntegrity integrity =
      fixture.intercepted(
          new MongoRecordIntegrity(fixture.operations, fixture.collections, fixture.audit));
  private final MongoClient outside = MongoClients.create(fixture.dataUri);
  private final List<Patient> patients = new ArrayList<>();
  private final List<ClinicalEntry> entries = new ArrayList<>();

  @BeforeEach
  void write() {
    fixture.actAs(StoreFixture.staff("tenant-a", Role.PHYSICIAN));
    for (int i = 0; i < 3; i++) {
      Patient p = directory.create(People.synthetic());
      patients.add(directory.update(p.id(), 1, People.synthetic()));
      ClinicalEntry e = clinical.create(p.id(), condition("E11.9", "first note"));
      entries.add(clinical.update(e.id(), 1, condition("E11.65", "second note")));
    }
  }

  @AfterEach
  void close() {
    outside.close();
    fixture.close();
  }

  private static ClinicalData condition(String code, String text) {
    return new ClinicalData(
        EntryType.CONDITION,
        List.of(new Code("http://hl7.org/fhir/sid/icd-10-cm", code, "Condition " + code)),
        LocalDate.of(2026, 3, 1),
        "active",
        null,
        text);
  }

  private IntegrityReport check() {
    fixture.actAs(StoreFixture.staff("tenant-a", Role.PRIVACY_OFFICER));
    return integrity.check(100);
  }

  private MongoCollection<Document> patientsOutside() {
    return outside.getDatabase("phi_identity").getCollection("patients");
  }

  private MongoCollection<Document> entriesOutside() {
    return outside.getDatabase("phi_clinical").getCollection("clinical_entries");
  }

  @Test
  void recordsWrittenThroughTheModuleAllHold() {
    IntegrityReport report = check();
    assertThat(report.findings()).isEmpty();
    assertThat(report.changed()).isZero();
    assertThat(report.checked()).isEqualTo(3 + 6);
    assertThat(report.truncated()).isFalse();
  }

  @Test
  void aPatientsReachDerivedFromItsMembershipsIsNotPartOfTheRecord() {
    org.phirecords.internal.patient.PatientMaintenance.setReach(
        fixture.collections,
        A,
        patients.get(0).id(),
        List.of(new Document(org.phirecords.internal.store.Reach.ORGANISATION, "client-a")));
    assertThat(check().findings()).isEmpty();
  }

  @Test
  void aCiphertextByteChangedAtRestIsNamedAndOnlyIt() {
    Patient target = patients.get(1);
    Document stored = patientsOutside().find(eq("patientId", target.id().value())).first();
    byte[] bytes = stored.get("givenName", Binary.class).getData().clone();
    bytes[bytes.length - 1] ^= 1;
    patientsOutside()
        .updateOne(
            eq("_id", stored.get("_id")),
            new Document("$set", new Document("givenName", new Binary(bytes))));

    assertThat(check().findings())
        .containsExactly(
            new IntegrityFinding("patients", target.id().value(), 2, Kind.DIGEST_MISMATCH));
  }

  @Test
  void aPlainFieldOfOneClinicalVersionChangedAtRestIsNamedAndOnlyIt() {
    ClinicalEntry target = entries.get(2);
    entriesOutside()
        .updateOne(
            and(eq("recordId", target.id().value()), eq("version", 1L)),
            new Document("$set", new Document("effectiveDate", "2020-01-01")));

    assertThat(check().findings())
        .containsExactly(
            new IntegrityFinding("clinical_entries", target.id().value(), 1, Kind.DIGEST_MISMATCH));
  }

  @Test
  void aRecordMovedToAnotherVersionOrAStrippedDigestIsReported() {
    entriesOutside()
        .updateOne(
            and(eq("recordId", entries.get(0).id().value()), eq("version", 2L)),
            new Document("$unset", new Document(RecordSeals.FIELD, "")));
    patientsOutside()
        .updateOne(
            eq("patientId", patients.get(0).id().value()),
            new Document("$set", new Document("version", 7L)));

    IntegrityReport report = check();
    assertThat(report.findings())
        .containsExactly(
            new IntegrityFinding("patients", patients.get(0).id().value(), 7, Kind.DIGEST_MISMATCH),
            new IntegrityFinding(
                "clinical_entries", entries.get(0).id().value(), 2, Kind.DIGEST_MISSING));
    assertThat(report.changed()).isEqualTo(1);
    assertThat(report.counts()).containsEntry(Kind.DIGEST_MISSING, 1L);
  }

  @Test
  void anUnsealedRecordIsSealedByItsNextWriteEvenWithFieldsTheWriteDoesNotName() {
    Patient old = patients.get(0);
    patientsOutside()
        .updateOne(
            eq("patientId", old.id().value()),
            new Document("$unset", new Document(RecordSeals.FIELD, ""))
                .append("$set", new Document("importedFrom", "legacy-system")));
    assertThat(check().findings())
        .containsExactly(
            new IntegrityFinding("patients", old.id().value(), 2, Kind.DIGEST_MISSING));

    fixture.actAs(StoreFixture.staff("tenant-a", Role.PHYSICIAN));
    directory.update(old.id(), 2, People.synthetic());
    assertThat(check().findings()).isEmpty();
  }

  @Test
  void aRecordResealedWithTheKeyDisagreesWithItsAuditEvent() {
    Patient target = patients.get(2);
    Document stored = patientsOutside().find(eq("patientId", target.id().value())).first();
    stored.put("sex", "other");
    stored.put(
        RecordSeals.FIELD,
        fixture.audit.recordSeals().seal("patients", A, target.id().value(), 2, stored));
    patientsOutside().replaceOne(eq("_id", stored.get("_id")), stored);

    assertThat(check().findings())
        .containsExactly(
            new IntegrityFinding("patients", target.id().value(), 2, Kind.AUDIT_MISMATCH));
  }

  @Test
  void eachWritesAuditEventHoldsTheDigestItStored() {
    List<Document> stored = new ArrayList<>();
    patientsOutside().find().into(stored);
    entriesOutside().find().into(stored);
    assertThat(stored).hasSize(9);
    for (Document record : stored) {
      Document seal = record.get(RecordSeals.FIELD, Document.class);
      Document event =
          fixture
              .collections
              .auditLog()
              .find(
                  and(
                      eq("intentId", record.getString(WriteIntent.STAMP)),
                      eq("outcome", "SUCCESS")))
              .first();
      assertThat(event.getString("recordDigest")).isEqualTo(seal.getString("mac"));
      assertThat(event.getString("recordDigestKid")).isEqualTo(seal.getString("kid"));
    }
    assertThat(fixture.audit.verifier().verify("tenant-a", null, null).valid()).isTrue();
  }

  @Test
  void thePassIsAuditedAndBounded() {
    patientsOutside()
        .updateMany(new Document(), new Document("$unset", new Document(RecordSeals.FIELD, "")));
    fixture.actAs(StoreFixture.staff("tenant-a", Role.PRIVACY_OFFICER));
    IntegrityReport report = integrity.check(2);
    assertThat(report.findings()).hasSize(2).allMatch(f -> f.kind() == Kind.DIGEST_MISSING);
    assertThat(report.truncated()).isTrue();
    assertThat(report.counts()).containsEntry(Kind.DIGEST_MISSING, 3L);
    assertThat(
            fixture
                .collections
                .auditLog()
                .find(
                    and(
                        eq("operation", "RecordIntegrity.check"),
                        eq("resourceType", "RECORD_INTEGRITY"),
                        eq("outcome", "SUCCESS")))
                .first())
        .isNotNull();
    assertThatThrownBy(() -> integrity.check(0)).isInstanceOf(InvalidInputException.class);
  }

  @Test
  void onlyThePrivacyOfficerRunsThePass() {
    fixture.actAs(StoreFixture.staff("tenant-a", Role.PHYSICIAN));
    assertThatThrownBy(() -> integrity.check(10)).isInstanceOf(AccessDeniedException.class);
  }
}
