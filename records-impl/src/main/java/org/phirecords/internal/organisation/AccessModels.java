package org.phirecords.internal.organisation;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.phirecords.internal.config.RecordsConfig;
import org.phirecords.internal.security.CallerAccess;
import org.phirecords.internal.store.TenantCollections;
import org.phirecords.internal.store.TenantMemo;
import org.phirecords.internal.tenant.CareTeamSettings;
import org.phirecords.internal.tenant.SystemClientSettings;
import org.phirecords.model.OrganisationId;
import org.phirecords.model.SystemClient;
import org.phirecords.model.TenantId;
import org.phirecords.security.Caller;

/**
 * Each tenant's {@link AccessModel}, read (tree, grants in force, the care-team setting, system
 * clients' bounds: four queries) at most once per {@code records.organisations.scope-cache-seconds}
 * (default 30) on each instance, so that no request pays a store round trip to resolve its caller's
 * scope. A grant revoked or an organisation suspended on another instance takes effect here within
 * that bound; on this instance at once ({@link GrantsChanged}).
 */
@ApplicationScoped
public class AccessModels {
  /** The bound unless configured. */
  static final Duration DEFAULT_BOUND = Duration.ofSeconds(30);

  private final TenantMemo<AccessModel> models = new TenantMemo<>();
  private TenantCollections collections;
  private Duration bound;

  /** For CDI. */
  protected AccessModels() {}

  /** Models read from {@code collections}, kept as long as {@code config} says. */
  @Inject
  public AccessModels(RecordsConfig config, TenantCollections collections) {
    this.collections = collections;
    this.bound = config.seconds("records.organisations.scope-cache-seconds", DEFAULT_BOUND);
    // A change of the tenant's system clients (in its registry entry) applies here at once.
    collections.watchRegistry(models::forget);
    if (bound.isNegative()) {
      throw new IllegalStateException("records.organisations.scope-cache-seconds must be >= 0");
    }
  }

  /** Where the roles of {@code caller} of {@code tenant} hold now. */
  public CallerAccess accessOf(TenantId tenant, Caller caller) {
    return models.get(tenant, bound, this::read).accessOf(caller, Instant.now());
  }

  private AccessModel read(TenantId tenant) {
    return new AccessModel(
        OrganisationRepository.of(collections, tenant).tree(),
        GrantRepository.active(collections, tenant),
        new CareTeamSettings(collections).enabled(tenant),
        clientBounds(tenant));
  }

  /** The organisations each bounded system client of {@code tenant} is held to (ADR 42). */
  private Map<String, List<OrganisationId>> clientBounds(TenantId tenant) {
    Map<String, List<OrganisationId>> bounds = new HashMap<>();
    for (SystemClient c : new SystemClientSettings(collections).of(tenant).clients()) {
      if (!c.organisations().isEmpty()) {
        bounds.put(c.clientId(), c.organisations().stream().map(OrganisationId::new).toList());
      }
    }
    return bounds;
  }

  /** Reads the tenant's model afresh at its next use: this instance changed it. */
  void changed(@Observes GrantsChanged change) {
    models.forget(change.tenant());
  }
}
