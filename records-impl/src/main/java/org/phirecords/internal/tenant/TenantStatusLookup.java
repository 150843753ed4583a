package org.phirecords.internal.tenant;

import static com.mongodb.client.model.Filters.eq;

import com.mongodb.MongoSocketException;
import com.mongodb.MongoTimeoutException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import org.bson.Document;
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

  /** The lifecycle state of {@code tenant}, empty if it is not registered. */
  public Optional<TenantStatus> status(TenantId tenant) {
    try {
      Document doc =
          collections
              .tenantRegistry()
              .find(eq("_id", tenant.value()))
              .projection(new Document("status", 1))
              .first();
      return Optional.ofNullable(doc).map(d -> TenantStatus.valueOf(d.getString("status")));
    } catch (MongoTimeoutException | MongoSocketException e) {
      throw new StoreUnavailableException(e);
    }
  }
}
