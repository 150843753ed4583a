package org.phirecords.internal.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.MongoClientException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.phirecords.internal.testing.MapConfig;
import org.phirecords.internal.testing.StoreFixture;
import org.phirecords.model.TenantId;

/** The driver's encryption instance, renewed when tenant keys appear on disk (ADR 24). */
class EncryptionsTest {
  @TempDir Path keyDir;

  private final StoreFixture fixture = new StoreFixture();

  @AfterEach
  void close() {
    fixture.close();
  }

  /**
   * Two calls fail on an instance that does not know a tenant key another instance just wrote; the
   * first renews it. The second must then retry on the renewed instance, not fail because the keys
   * on disk no longer differ from the current ones (the 503 seen on a second instance).
   */
  @Test
  void aCallThatFailedOnAnInstanceAnotherCallRenewedRetriesOnTheNewOne() {
    MapConfig config =
        new MapConfig()
            .with("records.crypto.local.master-key", fixture.masterKey)
            .with("records.crypto.tenant-master-keys", "true")
            .with("records.crypto.local.tenant-key-dir", keyDir.toString());
    KmsSettings kms = KmsSettings.from(config::get);
    TenantMasterKeys keys = TenantMasterKeys.from(config::get, kms);
    Encryptions encryptions = new Encryptions(fixture.collections, kms, keys);
    AtomicInteger attempts = new AtomicInteger();

    String answer =
        encryptions.call(
            e -> {
              if (attempts.getAndIncrement() == 0) {
                // Meanwhile: another instance writes a tenant key, a concurrent call renews.
                keys.ensureLocal(new TenantId("tenant-b"));
                assertThat(encryptions.refresh()).isTrue();
                throw new MongoClientException("KMS provider is not configured");
              }
              return "decrypted";
            });

    assertThat(answer).isEqualTo("decrypted");
    assertThat(attempts).hasValue(2);
  }
}
