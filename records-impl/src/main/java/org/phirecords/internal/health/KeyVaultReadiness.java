package org.phirecords.internal.health;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.phirecords.internal.config.RecordsConfig.Store;
import org.phirecords.internal.store.MongoStores;

/**
 * Ready when the key vault's store answers a ping: without it no field can be encrypted or
 * decrypted. Its own check, as the vault belongs on its own cluster (docs/operations.md).
 */
@Readiness
@ApplicationScoped
public class KeyVaultReadiness implements HealthCheck {
  private MongoStores stores;

  /** For CDI. */
  protected KeyVaultReadiness() {}

  /** Pings the key vault of {@code stores}. */
  @Inject
  public KeyVaultReadiness(MongoStores stores) {
    this.stores = stores;
  }

  @Override
  public HealthCheckResponse call() {
    var builder = HealthCheckResponse.named("phi-records-key-vault");
    return stores.unreachable(List.of(Store.KEYS)).isEmpty()
        ? builder.up().build()
        : builder.down().withData("unreachable", "keys").build();
  }
}
