package org.phirecords.internal.tenant;

import static com.mongodb.client.model.Filters.eq;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import org.bson.Document;
import org.phirecords.internal.config.RecordsConfig;
import org.phirecords.internal.config.RecordsMode;
import org.phirecords.internal.store.StoreCalls;
import org.phirecords.internal.store.TenantCollections;
import org.phirecords.model.TenantId;
import org.phirecords.model.TenantStatus;

/**
 * Where a tenant's patients sign in to the portal: its identity provider's issuer and the portal's
 * client id there. Public by nature (the browser needs it before anyone is signed in) and free of
 * PHI, so it is read without a caller; only active tenants with a portal client are answered. Also
 * whether the portal may offer its demo sign-in (a pasted token): in development mode only.
 */
@ApplicationScoped
public class PortalSignIn {
  /** What the portal's browser code needs to start an authorization code flow. */
  public record Client(String organisation, String issuer, String clientId) {}

  private TenantCollections collections;
  private RecordsConfig config;

  /** For CDI. */
  protected PortalSignIn() {}

  /** Reads the registry of {@code collections}; the mode from {@code config}. */
  @Inject
  public PortalSignIn(TenantCollections collections, RecordsConfig config) {
    this.collections = collections;
    this.config = config;
  }

  /**
   * Whether the portal offers the demo sign-in: only when {@code records.mode=development} was
   * asked for; never in production, the default.
   */
  public boolean demoSignInOffered() {
    return config.mode() == RecordsMode.DEVELOPMENT;
  }

  /** The portal client of {@code tenant}, if it is active and has one. */
  public Optional<Client> of(TenantId tenant) {
    Document doc =
        StoreCalls.reaching(
            () -> collections.tenantRegistry().find(eq("_id", tenant.value())).first());
    if (doc == null || !TenantStatus.ACTIVE.name().equals(doc.getString("status"))) {
      return Optional.empty();
    }
    Document idp = doc.get("idp", Document.class);
    if (idp == null || idp.getString("portalClientId") == null) {
      return Optional.empty();
    }
    return Optional.of(
        new Client(
            doc.getString("displayName"),
            idp.getString("issuer"),
            idp.getString("portalClientId")));
  }
}
