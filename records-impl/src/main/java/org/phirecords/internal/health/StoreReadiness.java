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
 * Ready when the data stores (identity, clinical, audit, tenants) answer a ping; the key vault has
 * its own check ({@link KeyVaultReadiness}). Reports store names only, never URIs.
 */
@Readiness
@ApplicationScoped
public class StoreReadiness implements HealthCheck {
  /** The stores of this check: all but the key vault. */
  static final List<Store> DATA =
      List.of(Store.IDENTITY, Store.CLINICAL, Store.AUDIT, Store.TENANTS);

  private MongoStores stores;

  /** For CDI. */
  protected StoreReadiness() {}

  /** Pings {@code stores}. */
  @Inject
  public StoreReadiness(MongoStores stores) {
    this.stores = stores;
  }

  @Override
  public HealthCheckResponse call() {
    var builder = HealthCheckResponse.named("phi-records-stores");
    var down = stores.unreachable(DATA);
    return down.isEmpty()
        ? builder.up().build()
        : builder.down().withData("unreachable", String.join(",", down)).build();
  }
}
