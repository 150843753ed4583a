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
import org.phirecords.internal.patient.MongoPatientDirectory;
import org.phirecords.internal.testing.MapConfig;
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
  private final MongoPatientDirectory directory = fixture.directory();

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
            directory
                .findByNameAndBirthDate(
                    "  " + person.familyName().toUpperCase() + " ",
                    person.birthDate(),
                    org.phirecords.model.PageRequest.first())
                .items())
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

  private FieldCipher cipherWith(MapConfig config) {
    return new FieldCipher(
        fixture.collections,
        KmsSettings.from(config::get),
        CiphertextRepresentation.SUBTYPE_0,
        StoreFixture.KEY_CACHE);
  }

  private List<Document> keyVault() {
    return fixture.collections.keyVault().find().into(new ArrayList<>());
  }

  @Test
  void masterKeyRotationRewrapsEveryDataKeyUnderTheNewKeyAndRetiresTheOld() {
    String k1 = fixture.masterKey;
    String k2 = StoreFixture.randomMasterKey();
    fixture.actAs(StoreFixture.staff("tenant-a", Role.PHYSICIAN));
    PatientData person = People.synthetic();
    Patient created = directory.create(person);
    BsonValue ofB = fixture.cipher.random(B, new BsonString("of tenant b"));
    List<String> storedBefore = dump(fixture.dataUri);
    List<Document> before = keyVault();
    assertThat(before).hasSize(2);

    // The new master key is current; the old one is named as retiring until the rewrap is done.
    FieldCipher rotating =
        cipherWith(
            new MapConfig()
                .with("records.crypto.local.master-key", k2)
                .with("records.crypto.local.previous-master-key", k1));
    FieldCipher onlyK2 = cipherWith(new MapConfig().with("records.crypto.local.master-key", k2));
    FieldCipher onlyK1 = cipherWith(new MapConfig().with("records.crypto.local.master-key", k1));
    try {
      assertThat(rotating.rewrapAll()).isEqualTo(2);

      List<Document> after = keyVault();
      assertThat(after)
          .extracting(d -> d.get("_id"))
          .as("the same data keys, re-wrapped, not new ones")
          .containsExactlyInAnyOrderElementsOf(before.stream().map(d -> d.get("_id")).toList());
      for (Document key : after) {
        Document was =
            before.stream().filter(d -> d.get("_id").equals(key.get("_id"))).findFirst().get();
        assertThat(key.get("keyMaterial")).isNotEqualTo(was.get("keyMaterial"));
        assertThat(key.get("masterKey", Document.class).getString("provider"))
            .isNotEqualTo(was.get("masterKey", Document.class).getString("provider"));
      }
      assertThat(dump(fixture.dataUri).stream().filter(l -> !l.startsWith("phi_keys.")).toList())
          .as("records are not re-encrypted by a master key rotation")
          .containsExactlyInAnyOrderElementsOf(
              storedBefore.stream().filter(l -> !l.startsWith("phi_keys.")).toList());

      // Readable with K2 alone: the old master key is no longer needed...
      MongoPatientDirectory withK2 =
          fixture.intercepted(
              new MongoPatientDirectory(fixture.operations, new IdentityProtection(onlyK2)));
      assertThat(withK2.get(created.id()).data()).isEqualTo(person);
      assertThat(withK2.findByMrn(person.mrn()).id()).isEqualTo(created.id());
      assertThat(onlyK2.decrypt(B, ofB)).isEqualTo(new BsonString("of tenant b"));
      assertThat(rotating.decrypt(B, ofB)).isEqualTo(new BsonString("of tenant b"));

      // ...and no longer enough: K1 alone unwraps nothing.
      MongoPatientDirectory withK1 =
          fixture.intercepted(
              new MongoPatientDirectory(fixture.operations, new IdentityProtection(onlyK1)));
      assertThatThrownBy(() -> withK1.get(created.id()))
          .isInstanceOf(RecordsException.class)
          .extracting(e -> ((RecordsException) e).errorCode())
          .isEqualTo(ErrorCode.KEY_MANAGEMENT_UNAVAILABLE);
      assertThatThrownBy(() -> onlyK1.decrypt(B, ofB))
          .isInstanceOf(RecordsException.class)
          .extracting(e -> ((RecordsException) e).errorCode())
          .isEqualTo(ErrorCode.KEY_MANAGEMENT_UNAVAILABLE);
    } finally {
      rotating.close();
      onlyK2.close();
      onlyK1.close();
    }
  }

  @Test
  void withoutTheRetiringKeyDataKeysWrappedByTheOldMasterKeyCannotBeRewrapped() {
    fixture.cipher.ensureDataKey(A);
    FieldCipher onlyK2 =
        cipherWith(
            new MapConfig()
                .with("records.crypto.local.master-key", StoreFixture.randomMasterKey()));
    try {
      assertThatThrownBy(onlyK2::rewrapAll).isInstanceOf(RuntimeException.class);
      assertThat(fixture.cipher.decrypt(A, fixture.cipher.random(A, new BsonString("x"))))
          .isEqualTo(new BsonString("x"));
    } finally {
      onlyK2.close();
    }
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
