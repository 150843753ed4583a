package org.phirecords.internal.tenant;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;

import com.mongodb.MongoSocketException;
import com.mongodb.MongoTimeoutException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.phirecords.error.StoreUnavailableException;
import org.phirecords.internal.tenancy.TenantCollections;
import org.phirecords.model.TenantId;
import org.phirecords.model.TenantStatus;

/**
 * Whether a tenant may act. Read from the registry on every request (one indexed lookup), so a
 * suspension takes effect at once on every instance.
 */
@ApplicationScoped
public class TenantStatusLookup {
  private TenantCollections collections;

  /** For CDI. */
  protected TenantStatusLookup() {}

  /** Looks up in the registry of {@code collections}. */
  @Inject
  public TenantStatusLookup(TenantCollections collections) {
    this.collections = collections;
  }

  /** True if {@code tenant} is registered and active. */
  public boolean isActive(TenantId tenant) {
    try {
      return collections
              .tenantRegistry()
              .countDocuments(
                  and(eq("_id", tenant.value()), eq("status", TenantStatus.ACTIVE.name())))
          > 0;
    } catch (MongoTimeoutException | MongoSocketException e) {
      throw new StoreUnavailableException(e);
    }
  }
}
