package org.phirecords.internal.security;

import java.time.Instant;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.phirecords.internal.store.Reach;
import org.phirecords.model.OrganisationId;
import org.phirecords.security.Caller;
import org.phirecords.security.Permission;
import org.phirecords.security.Role;

/**
 * Where a caller's roles hold (ADR 27), from one snapshot of the tenant's grants and tree: the
 * roles held tenant-wide (the caller's own, which the group mapping or the resolver gave, and
 * grants at the root) and, for roles granted at organisations only, the active organisations at and
 * below those grants.
 *
 * @param tenantWide roles held at the root
 * @param below for other granted roles, the organisations they reach (never empty)
 * @param at the instant memberships are judged at
 */
public record CallerAccess(Set<Role> tenantWide, Map<Role, Set<OrganisationId>> below, Instant at) {
  /** Copies. */
  public CallerAccess {
    tenantWide = Set.copyOf(tenantWide);
    below = Map.copyOf(below);
  }

  /** Every role of {@code caller} at the root: a tenant without grants, or no tenant at all. */
  public static CallerAccess tenantWide(Caller caller) {
    return new CallerAccess(caller.roles(), Map.of(), Instant.now());
  }

  /** {@code caller} holding the granted roles too. */
  public Caller effective(Caller caller) {
    Set<Role> roles = EnumSet.noneOf(Role.class);
    roles.addAll(caller.roles());
    roles.addAll(tenantWide);
    roles.addAll(below.keySet());
    return roles.equals(caller.roles())
        ? caller
        : new Caller(
            caller.subject(),
            caller.tenant(),
            roles,
            caller.linkedPatient(),
            caller.purposeOfUse(),
            caller.clientAddress(),
            caller.issuer(),
            caller.groups());
  }

  /**
   * How far {@code permission} reaches: the whole tenant if a role held there grants it, else the
   * organisations of the roles granting it below the root.
   */
  public Reach reach(Permission permission) {
    if (tenantWide.stream().anyMatch(r -> RolePermissions.of(r).contains(permission))) {
      return Reach.wholeTenant();
    }
    Set<OrganisationId> organisations = new HashSet<>();
    below.forEach(
        (role, reached) -> {
          if (RolePermissions.of(role).contains(permission)) {
            organisations.addAll(reached);
          }
        });
    return Reach.within(organisations, at);
  }
}
