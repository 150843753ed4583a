package org.phirecords.internal.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.phirecords.internal.patient.MongoPatientDirectory;
import org.phirecords.internal.store.StoredCollection;
import org.phirecords.internal.testing.People;
import org.phirecords.internal.testing.StoreFixture;
import org.phirecords.model.KeyRotation;
import org.phirecords.model.Patient;
import org.phirecords.model.PatientData;
import org.phirecords.model.TenantId;
import org.phirecords.security.Role;

class DataKeyRotationTest {
  private static final TenantId A = new TenantId("tenant-a");
  private final StoreFixture fixture = new StoreFixture();
  private final MongoPatientDirectory directory = fixture.directory();
  private final DataKeyRotation rotation =
      new DataKeyRotation(
          fixture.cipher,
          fixture.protection,
          fixture.collections,
          new org.phirecords.internal.integrity.RecordRewrites(fixture.audit));

  @AfterEach
  void close() {
    fixture.close();
  }

  private Set<String> keysInUse() {
    List<Document> docs =
        fixture
            .collections
            .forMaintenance(StoredCollection.PATIENTS, A)
            .find(new Document(), null, null, 0);
    return docs.stream().map(d -> d.getString("dataKeyId")).collect(Collectors.toSet());
  }

  @Test
  void anotherInstanceStillUsingTheOldKeyIsCaughtByTheFinalSweep() {
    // A second instance: its own cipher and key cache over the same stores.
    FieldCipher otherCipher = otherInstanceCipher(StoreFixture.KEY_CACHE);
    MongoPatientDirectory other = directoryOn(otherCipher);
    try {
      fixture.actAs(StoreFixture.staff("tenant-a", Role.PHYSICIAN));
      PatientData first = People.synthetic();
      other.create(first); // caches the current key on the other instance
      rotation.rotate(A, 10, 0); // switch only: the other instance has not noticed yet
      PatientData late = People.synthetic();
      Patient written = other.create(late); // still under the old key
      KeyRotation done = rotation.rotate(A, 10, Integer.MAX_VALUE);
      assertThat(done.status()).isEqualTo("DONE");
      assertThat(keysInUse()).hasSize(1);
      assertThat(directory.findByMrn(late.mrn()).id()).isEqualTo(written.id());
      assertThat(other.findByMrn(first.mrn()).data()).isEqualTo(first);
    } finally {
      otherCipher.close();
    }
  }

  @Test
  void anInstanceThatLookedUpJustBeforeTheSwitchFindsEveryRecordOnceReencryptionStarts() {
    // Two instances keeping keys for 3 s (longer than a rotation of 10 records takes here).
    java.time.Duration keyCache = java.time.Duration.ofSeconds(3);
    FieldCipher rotatingCipher = otherInstanceCipher(keyCache);
    FieldCipher otherCipher = otherInstanceCipher(keyCache);
    DataKeyRotation rotation =
        new DataKeyRotation(
            rotatingCipher,
            new IdentityProtection(rotatingCipher),
            fixture.collections,
            new org.phirecords.internal.integrity.RecordRewrites(fixture.audit));
    MongoPatientDirectory other = directoryOn(otherCipher);
    try {
      fixture.actAs(StoreFixture.staff("tenant-a", Role.PHYSICIAN));
      List<PatientData> people = People.synthetic(15);
      List<Patient> patients = createAll(directory, people);
      // The other instance now knows the old key and that no rotation is under way.
      assertThat(other.findByMrn(people.get(0).mrn()).id()).isEqualTo(patients.get(0).id());
      KeyRotation partial = rotation.rotate(A, 10, 1);
      assertThat(partial.status()).isNotEqualTo("DONE");
      assertFindsAll(other, people, patients);
    } finally {
      otherCipher.close();
      rotatingCipher.close();
    }
  }

  private MongoPatientDirectory directoryOn(FieldCipher cipher) {
    return fixture.intercepted(
        new MongoPatientDirectory(fixture.operations, new IdentityProtection(cipher)));
  }

  private static List<Patient> createAll(MongoPatientDirectory on, List<PatientData> people) {
    return people.stream().map(on::create).toList();
  }

  private static void assertFindsAll(
      MongoPatientDirectory on, List<PatientData> people, List<Patient> patients) {
    for (int i = 0; i < people.size(); i++) {
      assertThat(on.findByMrn(people.get(i).mrn()).id()).isEqualTo(patients.get(i).id());
    }
  }

  private FieldCipher otherInstanceCipher(java.time.Duration keyCache) {
    return new FieldCipher(
        fixture.collections,
        KmsSettings.from(
            new org.phirecords.internal.testing.MapConfig()
                    .with("records.crypto.local.master-key", fixture.masterKey)
                ::get),
        CiphertextRepresentation.SUBTYPE_0,
        keyCache);
  }

  @Test
  void anInstanceThatStillWritesWithTheOldKeyFindsRecordsAlreadyReencrypted() {
    // A second instance that keeps its active key for a minute (longer than this instance waits
    // before re-encrypting): it looks up under the rotation's new key all the same.
    FieldCipher otherCipher = otherInstanceCipher(java.time.Duration.ofMinutes(1));
    MongoPatientDirectory other = directoryOn(otherCipher);
    try {
      fixture.actAs(StoreFixture.staff("tenant-a", Role.PHYSICIAN));
      List<PatientData> people = People.synthetic(15);
      List<Patient> patients = createAll(other, people); // caches the current key over there
      KeyRotation partial = rotation.rotate(A, 10, 1); // 10 re-encrypted, 5 not yet
      assertThat(partial.status()).isNotEqualTo("DONE");
      assertThat(keysInUse()).hasSize(2);
      assertFindsAll(other, people, patients);
    } finally {
      otherCipher.close();
    }
  }

  @Test
  void anUnreadableRecordIsPassedAndReportedNotRetriedForever() {
    fixture.actAs(StoreFixture.staff("tenant-a", Role.PHYSICIAN));
    directory.create(People.synthetic());
    byte[] garbage = new byte[40];
    garbage[0] = 2; // looks like a random-encryption blob of an unknown key
    fixture
        .collections
        .forMaintenance(StoredCollection.PATIENTS, A)
        .insertOne(
            new Document("patientId", "AAAAAAAAAAAAAAAAAAAAAA")
                .append("version", 1L)
                .append("mrn", "poisoned")
                .append("givenName", new org.bson.BsonBinary(garbage)));
    KeyRotation result = rotation.rotate(A, 1, Integer.MAX_VALUE);
    assertThat(result.status()).isEqualTo("REENCRYPTING");
    assertThat(result.remaining()).isEqualTo(1);
    assertThat(result.reencrypted()).isEqualTo(1);
  }

  @Test
  void aCrashedRotationResumesAndEverythingStaysReadableAndSearchable() {
    fixture.actAs(StoreFixture.staff("tenant-a", Role.PHYSICIAN));
    List<PatientData> people = new ArrayList<>();
    List<Patient> patients = new ArrayList<>();
    for (int i = 0; i < 25; i++) {
      PatientData person = People.synthetic();
      people.add(person);
      patients.add(directory.create(person));
    }
    Set<String> before = keysInUse();
    assertThat(before).hasSize(1);

    // One batch, then the process "dies": a mix of old and new keys is left behind.
    KeyRotation partial = rotation.rotate(A, 10, 1);
    assertThat(partial.status()).isEqualTo("REENCRYPTING");
    assertThat(partial.remaining()).isEqualTo(15);
    assertThat(keysInUse()).hasSize(2);
    for (int i = 0; i < patients.size(); i++) {
      assertThat(directory.get(patients.get(i).id()).data()).isEqualTo(people.get(i));
      assertThat(directory.findByMrn(people.get(i).mrn()).id()).isEqualTo(patients.get(i).id());
    }
    // Writes during the rotation use the new key.
    Patient during = directory.create(People.synthetic());

    KeyRotation finished = rotation.rotate(A, 10, Integer.MAX_VALUE);
    assertThat(finished.status()).isEqualTo("DONE");
    assertThat(finished.remaining()).isZero();
    assertThat(finished.reencrypted()).isEqualTo(25);
    Set<String> after = keysInUse();
    assertThat(after).hasSize(1).doesNotContainAnyElementsOf(before);
    for (int i = 0; i < patients.size(); i++) {
      assertThat(directory.findByMrn(people.get(i).mrn()).data()).isEqualTo(people.get(i));
    }
    assertThat(directory.get(during.id()).id()).isEqualTo(during.id());

    // A second rotation starts afresh from the now-active key.
    assertThat(rotation.rotate(A, 100, Integer.MAX_VALUE).reencrypted()).isEqualTo(26);
    assertThat(keysInUse()).hasSize(1).doesNotContainAnyElementsOf(after);
  }

  /** The process dies: not an exception the rotation could catch and pass over. */
  static final class Crash extends Error {
    private static final long serialVersionUID = 1L;
  }

  /**
   * Identity protection of a rotation run that dies (or meets a transient failure) just before
   * re-encrypting its {@code n}-th record, after the previous records of the batch were written.
   * Before every re-encryption it checks that lookups still work.
   */
  private final class Interrupted extends IdentityProtection {
    private final int n;
    private final java.util.function.Supplier<Throwable> failure;
    private final Runnable lookups;
    private int calls;

    Interrupted(
        FieldCipher cipher,
        int n,
        java.util.function.Supplier<Throwable> failure,
        Runnable lookups) {
      super(cipher);
      this.n = n;
      this.failure = failure;
      this.lookups = lookups;
    }

    @Override
    Document seal(Document plain, java.util.UUID key) {
      lookups.run();
      if (++calls == n) {
        Throwable t = failure.get();
        if (t instanceof Error e) {
          throw e;
        }
        throw (RuntimeException) t;
      }
      return super.seal(plain, key);
    }
  }

  @Test
  void aRotationDyingInTheMiddleOfABatchResumesAndCountsEveryRecordOnce() {
    fixture.actAs(StoreFixture.staff("tenant-a", Role.PHYSICIAN));
    List<PatientData> people = new ArrayList<>();
    List<Patient> patients = new ArrayList<>();
    for (int i = 0; i < 25; i++) {
      PatientData person = People.synthetic();
      people.add(person);
      patients.add(directory.create(person));
    }
    Set<String> before = keysInUse();
    Runnable everyRecordReadable =
        () -> {
          for (int i = 0; i < patients.size(); i++) {
            assertThat(directory.findByMrn(people.get(i).mrn()).id())
                .isEqualTo(patients.get(i).id());
            assertThat(directory.get(patients.get(i).id()).data()).isEqualTo(people.get(i));
          }
        };
    // Batches of 10: dies before the 14th record, i.e. 3 records into the second batch.
    DataKeyRotation dying =
        new DataKeyRotation(
            fixture.cipher,
            new Interrupted(fixture.cipher, 14, Crash::new, everyRecordReadable),
            fixture.collections,
            new org.phirecords.internal.integrity.RecordRewrites(fixture.audit));
    assertThatThrownBy(() -> dying.rotate(A, 10, Integer.MAX_VALUE)).isInstanceOf(Crash.class);

    Set<String> mixed = keysInUse();
    assertThat(mixed).hasSize(2).containsAll(before);
    long underNew =
        fixture
            .collections
            .forMaintenance(StoredCollection.PATIENTS, A)
            .count(
                com.mongodb.client.model.Filters.nin(
                    IdentityProtection.DATA_KEY_ID, new ArrayList<>(before)));
    assertThat(underNew).as("one batch and 3 records of the next were written").isEqualTo(13);
    everyRecordReadable.run();

    KeyRotation finished = rotation.rotate(A, 10, Integer.MAX_VALUE);
    assertThat(finished.status()).isEqualTo("DONE");
    assertThat(finished.remaining()).isZero();
    assertThat(finished.reencrypted()).as("every record counted once").isEqualTo(25);
    assertThat(keysInUse()).hasSize(1).doesNotContainAnyElementsOf(before);
    everyRecordReadable.run();
  }

  @Test
  void aTransientFailureMidBatchLeavesTheRotationUnfinishedAndARerunCompletesIt() {
    fixture.actAs(StoreFixture.staff("tenant-a", Role.PHYSICIAN));
    List<PatientData> people = new ArrayList<>();
    List<Patient> patients = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      PatientData person = People.synthetic();
      people.add(person);
      patients.add(directory.create(person));
    }
    Set<String> before = keysInUse();
    DataKeyRotation flaky =
        new DataKeyRotation(
            fixture.cipher,
            new Interrupted(
                fixture.cipher,
                5,
                () ->
                    new org.phirecords.error.RecordsException(
                        org.phirecords.error.ErrorCode.KEY_MANAGEMENT_UNAVAILABLE),
                () -> {}),
            fixture.collections,
            new org.phirecords.internal.integrity.RecordRewrites(fixture.audit));
    KeyRotation partial = flaky.rotate(A, 4, Integer.MAX_VALUE);
    assertThat(partial.status()).as("not DONE while a record is left").isEqualTo("REENCRYPTING");
    assertThat(partial.remaining()).isEqualTo(1);
    assertThat(partial.reencrypted()).isEqualTo(11);
    for (int i = 0; i < patients.size(); i++) {
      assertThat(directory.findByMrn(people.get(i).mrn()).data()).isEqualTo(people.get(i));
    }

    KeyRotation finished = rotation.rotate(A, 4, Integer.MAX_VALUE);
    assertThat(finished.status()).isEqualTo("DONE");
    assertThat(finished.reencrypted()).isEqualTo(12);
    assertThat(keysInUse()).hasSize(1).doesNotContainAnyElementsOf(before);
    for (int i = 0; i < patients.size(); i++) {
      assertThat(directory.findByMrn(people.get(i).mrn()).data()).isEqualTo(people.get(i));
    }
  }
}
