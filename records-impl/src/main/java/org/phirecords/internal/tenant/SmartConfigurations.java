package org.phirecords.internal.tenant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;
import org.phirecords.internal.config.RecordsConfig;
import org.phirecords.internal.store.TenantCollections;
import org.phirecords.model.SystemClients;
import org.phirecords.model.TenantId;
import org.phirecords.model.TenantStatus;

/**
 * What a tenant's SMART Backend Services configuration publishes (ADR 42): the token endpoint of
 * its identity provider, from its system-client settings, and the system scopes its scope table
 * grants something for. Public, like the portal's sign-in: it names no client and no PHI. The
 * module serves every tenant from one FHIR base, so the tenant is named by the caller.
 */
@ApplicationScoped
public class SmartConfigurations {
  /**
   * A tenant's SMART configuration.
   *
   * @param tokenEndpoint where its clients get client-credentials tokens
   * @param scopes the SMART v2 system scopes that grant something in its table ({@code
   *     system/Patient.r}, {@code system/*.r}...), sorted
   */
  public record Smart(String tokenEndpoint, List<String> scopes) {}

  private TenantRepository registry;
  private SystemClientSettings settings;

  /** For CDI. */
  protected SmartConfigurations() {}

  /** From the registry of {@code collections}; settings kept for the lease in {@code config}. */
  @Inject
  public SmartConfigurations(TenantCollections collections, RecordsConfig config) {
    this.registry = new TenantRepository(collections);
    this.settings = new SystemClientSettings(collections, config);
  }

  /** The configuration of {@code tenant}, if it is active and has set a token endpoint. */
  public Optional<Smart> of(TenantId tenant) {
    if (registry.find(tenant).filter(t -> t.status() == TenantStatus.ACTIVE).isEmpty()) {
      return Optional.empty();
    }
    SystemClients clients = settings.of(tenant);
    if (clients.tokenEndpoint() == null) {
      return Optional.empty();
    }
    List<String> scopes =
        clients.table().entrySet().stream()
            .filter(row -> !row.getValue().isEmpty())
            .map(row -> "system/" + row.getKey())
            .sorted()
            .toList();
    return Optional.of(new Smart(clients.tokenEndpoint(), scopes));
  }
}
