package org.phirecords.internal.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.model.Filters;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.UUID;
import org.bson.BsonBinary;
import org.bson.BsonDocument;
import org.bson.Document;
import org.bson.UuidRepresentation;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.phirecords.internal.patient.MongoPatientDirectory;
import org.phirecords.internal.testing.MapConfig;
import org.phirecords.internal.testing.People;
import org.phirecords.internal.testing.StoreFixture;
import org.phirecords.model.Patient;
import org.phirecords.model.TenantId;
import org.phirecords.security.Role;

class TenantMasterKeysTest {
  private static final TenantId A = new TenantId("tenant-a");

  @TempDir Path keyDir;

  private final StoreFixture fixture = new StoreFixture();

  @AfterEach
  void close() {
    fixture.close();
  }

  private MapConfig local(boolean on) {
    return new MapConfig()
        .with("records.crypto.local.master-key", fixture.masterKey)
        .with("records.crypto.tenant-master-keys", Boolean.toString(on))
        .with("records.crypto.local.tenant-key-dir", keyDir.toString());
  }

  private TenantMasterKeys keys(MapConfig config) {
    return TenantMasterKeys.from(config::get, KmsSettings.from(config::get));
  }

  private FieldCipher cipher(MapConfig config) {
    KmsSettings kms = KmsSettings.from(config::get);
    return new FieldCipher(
        fixture.collections,
        kms,
        TenantMasterKeys.from(config::get, kms),
        CiphertextRepresentation.SUBTYPE_0,
        StoreFixture.KEY_CACHE);
  }

  @Test
  void aLocalTenantKeyIsOwnerOnlyNamedByAHashAndOverwrittenThenDeleted() throws Exception {
    TenantMasterKeys keys = keys(local(true));
    assertThat(keys.enabled()).isTrue();
    assertThat(keys.ensureLocal(A)).isTrue();
    assertThat(keys.ensureLocal(A)).as("never replaced").isFalse();
    Path file = keyDir.resolve(TenantMasterKeys.fileStem(A) + ".key");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    String provider = keys.provider(A);
    assertThat(provider).matches("local:t[0-9a-f]{24}").doesNotContain(A.value());
    assertThat(keys.localProviders()).containsOnlyKeys(provider);
    assertThat((byte[]) keys.localProviders().get(provider).get("key")).hasSize(96);
    assertThat(keys.destroyLocal(A)).isTrue();
    assertThat(file).doesNotExist();
    assertThat(keys.destroyLocal(A)).isFalse();
    assertThat(keys.localProviders()).isEmpty();
  }

  @Test
  void offByDefaultAndIncompleteSettingsAreRefused() {
    MapConfig noSetting =
        new MapConfig().with("records.crypto.local.master-key", fixture.masterKey);
    assertThat(keys(noSetting).enabled()).isFalse();
    MapConfig noDir =
        new MapConfig()
            .with("records.crypto.local.master-key", fixture.masterKey)
            .with("records.crypto.tenant-master-keys", "true");
    assertThatThrownBy(() -> keys(noDir))
        .isInstanceOf(KmsSettings.Invalid.class)
        .hasMessageContaining("tenant-key-dir");
    MapConfig noTemplate = aws().with("records.crypto.tenant-key-template", "alias/phi-shared");
    assertThatThrownBy(() -> keys(noTemplate))
        .isInstanceOf(KmsSettings.Invalid.class)
        .hasMessageContaining("{tenant}");
  }

  private static MapConfig aws() {
    return new MapConfig()
        .with("records.crypto.kms-provider", "aws")
        .with("records.crypto.aws.access-key-id", "AKIAEXAMPLE")
        .with("records.crypto.aws.secret-access-key", "secret-value")
        .with("records.crypto.aws.region", "us-east-1")
        .with("records.crypto.aws.key", "arn:aws:kms:us-east-1:1:alias/phi-shared")
        .with("records.crypto.tenant-master-keys", "true");
  }

  @Test
  void aKmsTenantKeyComesFromTheTemplate() {
    TenantMasterKeys aws =
        keys(
            aws()
                .with(
                    "records.crypto.tenant-key-template",
                    "arn:aws:kms:us-east-1:1:alias/t-{tenant}"));
    assertThat(aws.provider(A)).isEqualTo("aws");
    assertThat(aws.masterKey(A))
        .isEqualTo(
            BsonDocument.parse(
                "{region: 'us-east-1', key: 'arn:aws:kms:us-east-1:1:alias/t-tenant-a'}"));
    TenantMasterKeys kmip =
        keys(
            new MapConfig()
                .with("records.crypto.kms-provider", "kmip")
                .with("records.crypto.kmip.endpoint", "kmip.example:5696")
                .with("records.crypto.tenant-master-keys", "true")
                .with("records.crypto.tenant-key-template", "phi-{tenant}"));
    assertThat(kmip.masterKey(A)).isEqualTo(BsonDocument.parse("{keyId: 'phi-tenant-a'}"));
  }

  @Test
  void offboardingListsTheTenantsOwnKmsKeyForTheOperatorToDelete() {
    MapConfig config =
        aws()
            .with("records.crypto.tenant-key-template", "arn:aws:kms:us-east-1:1:alias/t-{tenant}");
    FieldCipher cipher = cipher(config);
    try {
      BsonDocument own =
          BsonDocument.parse(
              "{provider: 'aws', region: 'us-east-1', key: 'arn:aws:kms:us-east-1:1:alias/t-tenant-a'}");
      BsonDocument shared =
          BsonDocument.parse(
              "{provider: 'aws', region: 'us-east-1', key: 'arn:aws:kms:us-east-1:1:alias/phi-shared'}");
      insertKey(A, own);
      insertKey(A, shared);
      assertThat(cipher.destroyDataKey(A)).isTrue();
      Document listed =
          fixture.collections.keyRotations().find(Filters.eq("_id", "_shredded:tenant-a")).first();
      assertThat(listed).isNotNull();
      assertThat(listed.getList("masterKeys", Document.class))
          .containsExactly(Document.parse(own.toJson()));
      assertThat(fixture.collections.keyVault().countDocuments()).isZero();
    } finally {
      cipher.close();
    }
  }

  /** A data key document of {@code tenant} wrapped by {@code masterKey} (never unwrapped here). */
  private void insertKey(TenantId tenant, BsonDocument masterKey) {
    fixture
        .collections
        .keyVault()
        .insertOne(
            new Document("_id", new BsonBinary(UUID.randomUUID(), UuidRepresentation.STANDARD))
                .append("keyAltNames", List.of("owner:" + tenant.value() + ":" + UUID.randomUUID()))
                .append("masterKey", masterKey));
  }

  @Test
  void rewrappingMovesATenantOnboardedBeforeOntoItsOwnKey() {
    FieldCipher before = cipher(local(false));
    FieldCipher after = cipher(local(true));
    try {
      fixture.actAs(StoreFixture.staff("tenant-a", Role.PHYSICIAN));
      Patient created = directory(before).create(People.synthetic());
      assertThat(wrapProviders()).allMatch(p -> p.startsWith("local:k"));
      assertThat(after.rewrapAll()).isEqualTo(1);
      assertThat(wrapProviders())
          .containsExactly(TenantMasterKeys.fileStem(A).replaceFirst("^", "local:"));
      assertThat(directory(after).get(created.id()).data()).isEqualTo(created.data());
    } finally {
      before.close();
      after.close();
    }
  }

  @Test
  void anInstanceLearnsATenantKeyGeneratedByAnotherAfterItStarted() {
    FieldCipher first = cipher(local(true));
    FieldCipher second = cipher(local(true)); // started before the tenant had a key
    try {
      fixture.actAs(StoreFixture.staff("tenant-a", Role.PHYSICIAN));
      Patient created = directory(first).create(People.synthetic());
      assertThat(directory(second).get(created.id()).data()).isEqualTo(created.data());
    } finally {
      first.close();
      second.close();
    }
  }

  private MongoPatientDirectory directory(FieldCipher cipher) {
    return fixture.intercepted(
        new MongoPatientDirectory(fixture.operations, new IdentityProtection(cipher)));
  }

  private List<String> wrapProviders() {
    return fixture.collections.keyVault().find().into(new java.util.ArrayList<>()).stream()
        .map(k -> k.get("masterKey", Document.class).getString("provider"))
        .toList();
  }
}
