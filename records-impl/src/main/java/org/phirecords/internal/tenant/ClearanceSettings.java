package org.phirecords.internal.tenant;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.bson.Document;
import org.phirecords.internal.store.TenantCollections;
import org.phirecords.model.SensitiveClearances;
import org.phirecords.model.Sensitivity;
import org.phirecords.model.TenantId;
import org.phirecords.security.Role;

/**
 * A tenant's clearances for sensitive categories, stored in its registry entry as role name to
 * category names (ADR 26). A name the module does not know clears nothing: it fails closed.
 */
public final class ClearanceSettings {
  /** The registry field. */
  static final String FIELD = "sensitiveClearances";

  private final TenantRepository registry;

  /** The clearances in the registry of {@code collections}. */
  public ClearanceSettings(TenantCollections collections) {
    this.registry = new TenantRepository(collections);
  }

  /** {@code tenant}'s clearances ({@link SensitiveClearances#DEFAULT} until it set its own). */
  public SensitiveClearances of(TenantId tenant) {
    return registry
        .fields(tenant, List.of(FIELD))
        .flatMap(d -> Optional.ofNullable(d.get(FIELD, Document.class)))
        .map(ClearanceSettings::read)
        .orElse(SensitiveClearances.DEFAULT);
  }

  static Document stored(SensitiveClearances clearances) {
    Document stored = new Document();
    clearances
        .cleared()
        .forEach(
            (role, categories) ->
                stored.append(role.name(), categories.stream().sorted().map(Enum::name).toList()));
    return stored;
  }

  private static SensitiveClearances read(Document stored) {
    Map<Role, Set<Sensitivity>> cleared = new EnumMap<>(Role.class);
    for (Role role : SensitiveClearances.CLEARABLE) {
      Set<Sensitivity> categories = EnumSet.noneOf(Sensitivity.class);
      for (String name : stored.getList(role.name(), String.class, List.of())) {
        for (Sensitivity s : Sensitivity.values()) {
          if (s.name().equals(name)) {
            categories.add(s);
          }
        }
      }
      cleared.put(role, categories);
    }
    return new SensitiveClearances(cleared);
  }
}
