package org.phirecords.internal.health;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.phirecords.internal.store.MongoStores;

/** Ready when every configured store answers a ping. Reports store names only, never URIs. */
@Readiness
@ApplicationScoped
public class StoreReadiness implements HealthCheck {
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
    var down = stores.unreachable();
    return down.isEmpty()
        ? builder.up().build()
        : builder.down().withData("unreachable", String.join(",", down)).build();
  }
}
