package org.phirecords.internal.tenant;

import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.bson.Document;
import org.phirecords.internal.store.TenantCollections;
import org.phirecords.model.BreakGlassPolicy;
import org.phirecords.model.TenantId;
import org.phirecords.security.Role;

/**
 * A tenant's break-glass setting, stored in its registry entry (ADR 28). A role name the module
 * does not know, or one that may never declare, lets nobody declare: it fails closed.
 */
public final class BreakGlassSettings {
  /** The registry field. */
  static final String FIELD = "breakGlass";

  private final TenantRepository registry;

  /** The settings in the registry of {@code collections}. */
  public BreakGlassSettings(TenantCollections collections) {
    this.registry = new TenantRepository(collections);
  }

  /** {@code tenant}'s setting ({@link BreakGlassPolicy#DEFAULT} until it set its own). */
  public BreakGlassPolicy of(TenantId tenant) {
    return registry
        .fields(tenant, List.of(FIELD))
        .flatMap(d -> Optional.ofNullable(d.get(FIELD, Document.class)))
        .map(BreakGlassSettings::read)
        .orElse(BreakGlassPolicy.DEFAULT);
  }

  static Document stored(BreakGlassPolicy p) {
    return new Document("enabled", p.enabled())
        .append("roles", p.roles().stream().map(Enum::name).sorted().toList())
        .append("defaultMinutes", p.defaultMinutes())
        .append("maximumMinutes", p.maximumMinutes())
        .append("writes", p.writes());
  }

  private static BreakGlassPolicy read(Document d) {
    Set<Role> roles = EnumSet.noneOf(Role.class);
    for (String name : d.getList("roles", String.class, List.of())) {
      for (Role r : BreakGlassPolicy.DECLARABLE) {
        if (r.name().equals(name)) {
          roles.add(r);
        }
      }
    }
    return new BreakGlassPolicy(
        d.getBoolean("enabled", false),
        roles,
        d.getInteger("defaultMinutes", BreakGlassPolicy.DEFAULT.defaultMinutes()),
        d.getInteger("maximumMinutes", BreakGlassPolicy.DEFAULT.maximumMinutes()),
        d.getBoolean("writes", false));
  }
}
