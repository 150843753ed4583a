package org.phirecords.internal.tenant;

import java.util.List;
import java.util.Optional;
import org.bson.Document;
import org.phirecords.internal.store.TenantCollections;
import org.phirecords.model.TenantId;

/**
 * Whether a tenant narrows physicians to their care teams (ADR 30), stored in its registry entry as
 * {@code careTeams: {enabled}}. Off until set; anything unreadable reads as on, failing closed.
 */
public final class CareTeamSettings {
  /** The registry field. */
  static final String FIELD = "careTeams";

  private final TenantRepository registry;

  /** The settings in the registry of {@code collections}. */
  public CareTeamSettings(TenantCollections collections) {
    this.registry = new TenantRepository(collections);
  }

  /** Whether {@code tenant} narrows physicians to their care teams. */
  public boolean enabled(TenantId tenant) {
    return registry
        .fields(tenant, List.of(FIELD))
        .flatMap(d -> Optional.ofNullable(d.get(FIELD)))
        .map(v -> !(v instanceof Document d) || !Boolean.FALSE.equals(d.get("enabled")))
        .orElse(false);
  }

  static Document stored(boolean enabled) {
    return new Document("enabled", enabled);
  }
}
