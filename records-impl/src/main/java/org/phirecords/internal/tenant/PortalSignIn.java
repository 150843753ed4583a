package org.phirecords.internal.tenant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import org.phirecords.internal.config.RecordsConfig;
import org.phirecords.internal.config.RecordsMode;
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
    Optional<TenantRegistration> found = new TenantRepository(collections).find(tenant);
    if (found.isEmpty() || found.get().status() != TenantStatus.ACTIVE) {
      return Optional.empty();
    }
    TenantRegistration registration = found.get();
    return registration
        .idp()
        .filter(idp -> idp.portalClientId() != null)
        .map(idp -> new Client(registration.displayName(), idp.issuer(), idp.portalClientId()));
  }
}
