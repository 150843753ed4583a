package org.phirecords.internal.crypto;

import static com.mongodb.client.model.Filters.eq;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Updates;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import org.bson.BsonValue;
import org.bson.Document;
import org.bson.types.Binary;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.phirecords.error.ErrorCode;
import org.phirecords.error.RecordsException;
import org.phirecords.internal.access.MongoPatientRights;
import org.phirecords.internal.clinical.MongoClinicalRecords;
import org.phirecords.internal.patient.MongoPatientDirectory;
import org.phirecords.internal.testing.People;
import org.phirecords.internal.testing.StoreFixture;
import org.phirecords.model.Amendment;
import org.phirecords.model.ClinicalData;
import org.phirecords.model.ClinicalEntry;
import org.phirecords.model.Code;
import org.phirecords.model.EntryType;
import org.phirecords.model.Patient;
import org.phirecords.model.TenantId;
import org.phirecords.security.Role;

/** Free text is sealed per field under the tenant's key and opened only in that tenant. */
class FreeTextProtectionTest {
  private static final TenantId A = new TenantId("tenant-a");
  private static final TenantId B = new TenantId("tenant-b");
  private final StoreFixture fixture = new StoreFixture();
  private final MongoPatientDirectory directory = fixture.directory();
  private final MongoClinicalRecords clinical = fixture.clinical();
  private final MongoPatientRights rights = fixture.rights(directory, clinical, Clock.systemUTC());
  private final MongoClient raw = MongoClients.create(fixture.dataUri);
  private final MongoCollection<Document> entries =
      raw.getDatabase("phi_clinical").getCollection("clinical_entries");
  private final MongoCollection<Document> amendments =
      raw.getDatabase("phi_clinical").getCollection("amendments");
  private Patient patient;
  private ClinicalEntry entry;

  @BeforeEach
  void record() {
    fixture.actAs(StoreFixture.staff("tenant-a", Role.PHYSICIAN));
    patient = directory.create(People.synthetic());
    entry = clinical.create(patient.id(), note("Synthetic note of tenant A."));
  }

  @AfterEach
  void close() {
    raw.close();
    fixture.close();
  }

  private static ClinicalData note(String text) {
    return new ClinicalData(
        EntryType.CONDITION,
        List.of(new Code("http://hl7.org/fhir/sid/icd-10-cm", "E11.9", "Synthetic display")),
        LocalDate.of(2026, 3, 1),
        "active",
        null,
        text);
  }

  private static ErrorCode codeOf(Throwable e) {
    return ((RecordsException) e).errorCode();
  }

  @Test
  void eachFieldIsRandomlyEncryptedAndOpensOnlyInItsTenant() {
    BsonValue once = fixture.freeText.seal(A, "Synthetic statement.");
    assertThat(fixture.freeText.seal(A, "Synthetic statement.")).isNotEqualTo(once);
    assertThat(fixture.freeText.open(A, once)).isEqualTo("Synthetic statement.");
    fixture.cipher.ensureDataKey(B);
    assertThatThrownBy(() -> fixture.freeText.open(B, once))
        .isInstanceOf(ForeignCiphertextException.class);
    assertThat(fixture.freeText.seal(A, null)).isNull();
    assertThat(fixture.freeText.open(A, null)).isNull();

    Document stored = entries.find(eq("recordId", entry.id().value())).first();
    for (Object field :
        List.of(
            stored.get("text"),
            stored.get("status"),
            stored.getList("codes", Document.class).get(0).get("display"))) {
      assertThat(field).isInstanceOf(Binary.class);
    }
  }

  @Test
  void textCopiedIntoAnotherTenantsEntryIsRefusedAsAnIntegrityFailure() {
    fixture.actAs(StoreFixture.staff("tenant-b", Role.PHYSICIAN));
    Patient ofB = directory.create(People.synthetic());
    ClinicalEntry entryOfB = clinical.create(ofB.id(), note("Synthetic note of tenant B."));
    Object textOfA = entries.find(eq("recordId", entry.id().value())).first().get("text");
    entries.updateOne(eq("recordId", entryOfB.id().value()), Updates.set("text", textOfA));

    assertThatThrownBy(() -> clinical.get(entryOfB.id()))
        .isInstanceOf(ForeignCiphertextException.class)
        .extracting(FreeTextProtectionTest::codeOf)
        .isEqualTo(ErrorCode.INTEGRITY);
  }

  @Test
  void destroyingTheTenantsDataKeyMakesItsFreeTextUnreadable() {
    fixture.actAs(StoreFixture.patient("tenant-a", patient.id()));
    Amendment filed = rights.requestAmendment(patient.id(), entry.id(), "Synthetic reason.");
    assertThat(fixture.cipher.destroyDataKey(A)).isTrue();

    assertThatThrownBy(() -> rights.amendment(filed.id()))
        .extracting(FreeTextProtectionTest::codeOf)
        .isEqualTo(ErrorCode.DATA_DESTROYED);
    fixture.actAs(StoreFixture.staff("tenant-a", Role.PHYSICIAN));
    assertThatThrownBy(
            () -> clinical.history(entry.id(), org.phirecords.model.PageRequest.first()).items())
        .extracting(FreeTextProtectionTest::codeOf)
        .isEqualTo(ErrorCode.DATA_DESTROYED);
  }

  @Test
  void plaintextStoredBeforeFreeTextWasEncryptedIsReadAndSealedByTheNextWrite() {
    fixture.actAs(StoreFixture.patient("tenant-a", patient.id()));
    Amendment filed = rights.requestAmendment(patient.id(), entry.id(), "Synthetic reason.");
    Amendment untouched = rights.requestAmendment(patient.id(), entry.id(), "Synthetic reason.");
    amendments.updateOne(
        eq("amendmentId", untouched.id().value()), Updates.set("reason", "Legacy reason 2."));
    // As written before this change: plaintext strings.
    entries.updateOne(
        eq("recordId", entry.id().value()),
        Updates.combine(Updates.set("text", "Legacy note."), Updates.set("status", "active")));
    amendments.updateOne(
        eq("amendmentId", filed.id().value()), Updates.set("reason", "Legacy reason."));

    fixture.actAs(StoreFixture.staff("tenant-a", Role.PHYSICIAN));
    assertThat(clinical.get(entry.id()).data().text()).isEqualTo("Legacy note.");
    Amendment denied = rights.deny(filed.id(), "Synthetic denial.");
    assertThat(denied.reason()).isEqualTo("Legacy reason.");
    assertThat(denied.denialReason()).isEqualTo("Synthetic denial.");
    Document stored = amendments.find(eq("amendmentId", filed.id().value())).first();
    assertThat(stored.get("reason")).isInstanceOf(Binary.class);
    assertThat(stored.get("denialReason")).isInstanceOf(Binary.class);
    assertThat(rights.amendment(filed.id()).reason()).isEqualTo("Legacy reason.");

    ClinicalEntry next = clinical.update(entry.id(), 1, note("New note."));
    assertThat(entries.find(eq("version", next.version())).first().get("text"))
        .isInstanceOf(Binary.class);

    // Versions are immutable and never written again: the migration seals them, run by a data
    // key rotation, with requests no write reached.
    assertThat(entries.find(eq("version", 1)).first().get("text")).isEqualTo("Legacy note.");
    new DataKeyRotation(
            fixture.cipher,
            fixture.protection,
            fixture.collections,
            new org.phirecords.internal.integrity.RecordRewrites(fixture.audit))
        .rotate(A, 10, 10);
    Document first = entries.find(eq("version", 1)).first();
    assertThat(first.get("text")).isInstanceOf(Binary.class);
    assertThat(first.get("status")).isInstanceOf(Binary.class);
    assertThat(amendments.find(eq("amendmentId", untouched.id().value())).first().get("reason"))
        .isInstanceOf(Binary.class);
    assertThat(
            clinical
                .history(entry.id(), org.phirecords.model.PageRequest.first())
                .items()
                .get(0)
                .data()
                .text())
        .isEqualTo("Legacy note.");
    assertThat(rights.amendment(untouched.id()).reason()).isEqualTo("Legacy reason 2.");
  }
}
