package org.phirecords.internal.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bson.BsonBinary;
import org.bson.BsonBinarySubType;
import org.bson.BsonDocument;
import org.bson.BsonValue;
import org.bson.RawBsonDocument;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.phirecords.error.RecordsException;
import org.phirecords.internal.clinical.MongoClinicalRecords;
import org.phirecords.internal.config.RecordsConfig;
import org.phirecords.internal.patient.MongoPatientDirectory;
import org.phirecords.internal.store.MongoStores;
import org.phirecords.internal.store.TenantCollections;
import org.phirecords.internal.tenant.MongoTenantLifecycle;
import org.phirecords.internal.tenant.MongoTenantRegistry;
import org.phirecords.internal.testing.MapConfig;
import org.phirecords.internal.testing.People;
import org.phirecords.internal.testing.StoreFixture;
import org.phirecords.model.ClinicalData;
import org.phirecords.model.EntryType;
import org.phirecords.model.Patient;
import org.phirecords.model.PatientData;
import org.phirecords.model.TenantId;
import org.phirecords.security.Role;

/**
 * Crypto-shredding that reaches backups (ADR 24): a copy of every database taken before a tenant's
 * offboarding, restored into a fresh store and read by the module's crypto with the same
 * configuration, yields nothing of that tenant once its own master key is destroyed; the other
 * tenant's data still decrypts. With the shared master key the same copy gives everything back.
 */
class BackupShreddingTest {
  private static final TenantId GONE = new TenantId("tenant-gone");
  private static final TenantId KEPT = new TenantId("tenant-kept");

  @TempDir Path keyDir;

  private final StoreFixture fixture = new StoreFixture();
  private final List<AutoCloseable> opened = new ArrayList<>();

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable c : opened) {
      c.close();
    }
    fixture.close();
  }

  @Test
  void aRestoredCopyHoldsNothingReadableOfTheOffboardedTenant() {
    Restored restored = offboardAndRestore(true);
    assertThat(restored.gone().ciphertexts())
        .as("the copy has the tenant's ciphertext")
        .isNotEmpty();
    assertThat(restored.gone().readable()).as("nothing of the tenant decrypts").isEmpty();
    assertThat(restored.kept().unreadable()).as("the other tenant still decrypts").isZero();
    assertThat(restored.kept().readable()).contains(restored.keptName(), restored.keptNote());
    assertThat(Files.exists(keyDir.resolve(TenantMasterKeys.fileStem(GONE) + ".key"))).isFalse();
    assertThat(Files.exists(keyDir.resolve(TenantMasterKeys.fileStem(KEPT) + ".key"))).isTrue();
  }

  @Test
  void withTheSharedMasterKeyTheRestoredCopyStillDecrypts() {
    // The gap ADR 24 closes: data keys wrapped by the shared key survive in the copy.
    Restored restored = offboardAndRestore(false);
    assertThat(restored.gone().unreadable()).isZero();
    assertThat(restored.gone().readable()).contains(restored.goneName(), restored.goneNote());
  }

  private MapConfig crypto(boolean tenantKeys) {
    return new MapConfig()
        .with("records.crypto.local.master-key", fixture.masterKey)
        .with("records.crypto.ciphertext", "subtype0")
        .with("records.crypto.tenant-master-keys", Boolean.toString(tenantKeys))
        .with("records.crypto.local.tenant-key-dir", keyDir.toString());
  }

  private Restored offboardAndRestore(boolean tenantKeys) {
    MapConfig settings = crypto(tenantKeys);
    KmsSettings kms = KmsSettings.from(settings::get);
    FieldCipher cipher =
        new FieldCipher(
            fixture.collections,
            kms,
            TenantMasterKeys.from(settings::get, kms),
            CiphertextRepresentation.SUBTYPE_0,
            StoreFixture.KEY_CACHE);
    opened.add(cipher::close);
    var registry =
        fixture.intercepted(
            new MongoTenantRegistry(
                fixture.operations, fixture.collections, cipher, fixture.config));
    var lifecycle =
        fixture.intercepted(
            new MongoTenantLifecycle(
                fixture.operations, fixture.collections, cipher, Duration.ZERO));
    var directory =
        fixture.intercepted(
            new MongoPatientDirectory(fixture.operations, new IdentityProtection(cipher)));
    var clinical =
        fixture.intercepted(
            new MongoClinicalRecords(fixture.operations, new FreeTextProtection(cipher)));
    Map<TenantId, String[]> written = new LinkedHashMap<>();
    for (TenantId tenant : List.of(GONE, KEPT)) {
      fixture.actAs(StoreFixture.staff(tenant.value(), Role.PLATFORM_ADMIN));
      registry.create(StoreFixture.onboarding(tenant, "Clinic " + tenant.value(), null));
      fixture.actAs(StoreFixture.staff(tenant.value(), Role.PHYSICIAN));
      PatientData person = People.synthetic();
      Patient patient = directory.create(person);
      String note = "Seen by " + People.synthetic().familyName() + " for a follow-up.";
      clinical.create(
          patient.id(),
          new ClinicalData(
              EntryType.NOTE, List.of(), LocalDate.of(2026, 3, 2), "final", null, note));
      written.put(tenant, new String[] {person.familyName(), note});
    }

    Map<String, Map<String, List<RawBsonDocument>>> backup = dump(fixture.dataUri);
    var audit = fixture.auditServer.getLocalAddress();
    backup.putAll(dump("mongodb://" + audit.getHostString() + ":" + audit.getPort()));

    fixture.actAs(StoreFixture.staff(GONE.value(), Role.PLATFORM_ADMIN));
    String code = lifecycle.requestOffboarding(GONE).confirmation();
    fixture.actAs(StoreFixture.staffNamed("second-admin", GONE.value(), Role.PLATFORM_ADMIN));
    lifecycle.confirmOffboarding(GONE, code);

    MongoServer fresh = new MongoServer(new MemoryBackend());
    opened.add(fresh::shutdownNow);
    var address = fresh.bind();
    String freshUri = "mongodb://" + address.getHostString() + ":" + address.getPort();
    restore(freshUri, backup);
    MongoStores stores =
        new MongoStores(
            new RecordsConfig(crypto(tenantKeys).with("records.mongodb.uri", freshUri)));
    opened.add(stores::close);
    TenantCollections collections = new TenantCollections(stores);
    FieldCipher restoredCipher =
        new FieldCipher(
            collections,
            new RecordsConfig(crypto(tenantKeys).with("records.mongodb.uri", freshUri)));
    opened.add(restoredCipher::close);
    return new Restored(
        attempt(restoredCipher, freshUri, GONE),
        attempt(restoredCipher, freshUri, KEPT),
        written.get(GONE)[0],
        written.get(GONE)[1],
        written.get(KEPT)[0],
        written.get(KEPT)[1]);
  }

  /** What the copy gave back of {@code tenant}: the values decrypted, and how many failed. */
  private record Attempt(List<BsonBinary> ciphertexts, List<String> readable, int unreadable) {}

  private record Restored(
      Attempt gone,
      Attempt kept,
      String goneName,
      String goneNote,
      String keptName,
      String keptNote) {}

  /**
   * Decrypts every ciphertext of {@code tenant} in the patients and clinical entries at {@code
   * uri}.
   */
  private static Attempt attempt(FieldCipher cipher, String uri, TenantId tenant) {
    List<BsonBinary> ciphertexts = new ArrayList<>();
    try (MongoClient client = MongoClients.create(uri)) {
      for (String[] ns :
          List.of(
              new String[] {"phi_identity", "patients"},
              new String[] {"phi_clinical", "clinical_entries"})) {
        for (BsonDocument doc :
            client
                .getDatabase(ns[0])
                .getCollection(ns[1], BsonDocument.class)
                .find(new BsonDocument("tenantId", new org.bson.BsonString(tenant.value())))) {
          collect(doc, ciphertexts);
        }
      }
    }
    List<String> readable = new ArrayList<>();
    int unreadable = 0;
    for (BsonBinary ciphertext : ciphertexts) {
      try {
        BsonValue plain = cipher.decrypt(tenant, ciphertext);
        readable.add(plain.isString() ? plain.asString().getValue() : plain.toString());
      } catch (RecordsException refused) {
        unreadable++;
      }
    }
    return new Attempt(ciphertexts, readable, unreadable);
  }

  private static void collect(BsonValue value, List<BsonBinary> into) {
    if (value.isBinary() && value.asBinary().getType() == BsonBinarySubType.BINARY.getValue()) {
      into.add(value.asBinary());
    } else if (value.isDocument()) {
      value.asDocument().values().forEach(v -> collect(v, into));
    } else if (value.isArray()) {
      value.asArray().forEach(v -> collect(v, into));
    }
  }

  /** Every document of every collection of every database at {@code uri}. */
  static Map<String, Map<String, List<RawBsonDocument>>> dump(String uri) {
    Map<String, Map<String, List<RawBsonDocument>>> all = new LinkedHashMap<>();
    try (MongoClient client = MongoClients.create(uri)) {
      for (String name : client.listDatabaseNames()) {
        MongoDatabase db = client.getDatabase(name);
        for (String collection : db.listCollectionNames()) {
          all.computeIfAbsent(name, n -> new LinkedHashMap<>())
              .put(
                  collection,
                  db.getCollection(collection, RawBsonDocument.class)
                      .find()
                      .into(new ArrayList<>()));
        }
      }
    }
    return all;
  }

  static void restore(String uri, Map<String, Map<String, List<RawBsonDocument>>> backup) {
    try (MongoClient client = MongoClients.create(uri)) {
      backup.forEach(
          (db, collections) ->
              collections.forEach(
                  (name, docs) -> {
                    if (!docs.isEmpty()) {
                      client
                          .getDatabase(db)
                          .getCollection(name, RawBsonDocument.class)
                          .insertMany(docs);
                    }
                  }));
    }
  }
}
