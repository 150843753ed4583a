package org.phirecords.internal.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import java.util.ArrayList;
import java.util.List;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.phirecords.error.ErrorCode;
import org.phirecords.error.RecordsException;
import org.phirecords.internal.identity.MongoPatientDirectory;
import org.phirecords.internal.testing.People;
import org.phirecords.internal.testing.StoreFixture;
import org.phirecords.model.Patient;
import org.phirecords.model.PatientData;
import org.phirecords.model.TenantId;
import org.phirecords.security.Role;

class FieldCipherTest {
  private static final TenantId A = new TenantId("tenant-a");
  private static final TenantId B = new TenantId("tenant-b");
  private final StoreFixture fixture = new StoreFixture();
  private final MongoPatientDirectory directory =
      new MongoPatientDirectory(
          fixture.callers, fixture.collections, fixture.audit, fixture.protection);

  @AfterEach
  void close() {
    fixture.close();
  }

  @Test
  void deterministicCiphertextIsEqualWithinATenantOnlyAndRandomNever() {
    BsonValue mrn = new BsonString("MRN-1");
    assertThat(fixture.cipher.deterministic(A, mrn))
        .isEqualTo(fixture.cipher.deterministic(A, mrn));
    assertThat(fixture.cipher.deterministic(A, mrn))
        .isNotEqualTo(fixture.cipher.deterministic(B, mrn));
    assertThat(fixture.cipher.random(A, mrn)).isNotEqualTo(fixture.cipher.random(A, mrn));
    assertThat(fixture.cipher.decrypt(A, fixture.cipher.random(A, mrn))).isEqualTo(mrn);
  }

  @Test
  void eachTenantHasItsOwnDataKey() {
    assertThat(fixture.cipher.ensureDataKey(A)).isNotEqualTo(fixture.cipher.ensureDataKey(B));
    assertThat(fixture.cipher.ensureDataKey(A)).isEqualTo(fixture.cipher.ensureDataKey(A));
  }

  @Test
  void ciphertextOfAnotherTenantIsRefused() {
    BsonValue ofA = fixture.cipher.random(A, new BsonString("secret"));
    fixture.cipher.ensureDataKey(B);
    assertThatThrownBy(() -> fixture.cipher.decrypt(B, ofA))
        .isInstanceOf(ForeignCiphertextException.class);
  }

  @Test
  void theStoreHoldsNoPlaintextIdentifiersAndLookupsStillWork() {
    fixture.actAs(StoreFixture.staff("tenant-a", Role.PHYSICIAN));
    PatientData person = People.synthetic();
    Patient created = directory.create(person);
    assertThat(directory.findByMrn(person.mrn()).id()).isEqualTo(created.id());
    assertThat(
            directory.findByNameAndBirthDate(
                "  " + person.familyName().toUpperCase() + " ", person.birthDate()))
        .extracting(Patient::id)
        .containsExactly(created.id());

    String everything = String.join("\n", dump(fixture.dataUri));
    assertThat(everything)
        .contains(created.id().value())
        .doesNotContain(person.mrn().value())
        .doesNotContain(person.givenName())
        .doesNotContain(person.familyName())
        .doesNotContain(person.birthDate().toString())
        .doesNotContain(person.ssn())
        .doesNotContain(person.memberId())
        .doesNotContain(person.email())
        .doesNotContain("Canary Lane");
  }

  @Test
  void destroyingATenantsDataKeyMakesItsIdentityDataUnreadable() {
    fixture.actAs(StoreFixture.staff("tenant-a", Role.PHYSICIAN));
    Patient created = directory.create(People.synthetic());
    assertThat(fixture.cipher.destroyDataKey(A)).isTrue();
    assertThatThrownBy(() -> directory.get(created.id()))
        .isInstanceOf(RecordsException.class)
        .extracting(e -> ((RecordsException) e).errorCode())
        .isEqualTo(ErrorCode.DATA_DESTROYED);
  }

  @Test
  void rewrappingDataKeysKeepsEverythingReadable() {
    fixture.actAs(StoreFixture.staff("tenant-a", Role.PHYSICIAN));
    Patient created = directory.create(People.synthetic());
    fixture.cipher.ensureDataKey(B);
    assertThat(fixture.cipher.rewrapAll()).isEqualTo(2);
    assertThat(directory.get(created.id()).data()).isEqualTo(created.data());
  }

  /** Every document of every collection, as an operator with a plain client (no keys) sees it. */
  static List<String> dump(String uri) {
    List<String> out = new ArrayList<>();
    try (MongoClient client = MongoClients.create(uri)) {
      for (String db : client.listDatabaseNames()) {
        for (String coll : client.getDatabase(db).listCollectionNames()) {
          for (Document d : client.getDatabase(db).getCollection(coll).find()) {
            out.add(db + "." + coll + " " + d.toJson());
          }
        }
      }
    }
    return out;
  }
}
