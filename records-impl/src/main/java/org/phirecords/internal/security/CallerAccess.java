package org.phirecords.internal.security;

import java.time.Instant;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
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
 * <p>Where the tenant narrows physicians to their care teams (ADR 30), {@code careTeamOf} names the
 * caller, and the permissions only the physician role gives the caller reach only the patients
 * whose care team includes them. Declaring break-glass is not narrowed: it is the way to a patient
 * out of reach.
 *
 * @param tenantWide roles held at the root
 * @param below for other granted roles, the organisations they reach (never empty)
 * @param at the instant memberships are judged at
 * @param within for roles held only below the root, the organisations at or above every
 *     organisation the role holds at: where a tenant's clearance of sensitive categories at an
 *     organisation applies to the caller (ADR 26)
 * @param careTeamOf the caller's subject if care teams narrow their physician role, else empty
 * @param representing for a personal representative acting for a patient, the grant's terms (ADR
 *     46), else empty
 */
public record CallerAccess(
    Set<Role> tenantWide,
    Map<Role, Set<OrganisationId>> below,
    Instant at,
    Map<Role, Set<OrganisationId>> within,
    Optional<String> careTeamOf,
    Optional<Representation> representing) {
  /** Copies. */
  public CallerAccess {
    tenantWide = Set.copyOf(tenantWide);
    below = Map.copyOf(below);
    within = Map.copyOf(within);
    Objects.requireNonNull(careTeamOf, "careTeamOf");
    Objects.requireNonNull(representing, "representing");
  }

  /** Acting for no one. */
  public CallerAccess(
      Set<Role> tenantWide,
      Map<Role, Set<OrganisationId>> below,
      Instant at,
      Map<Role, Set<OrganisationId>> within,
      Optional<String> careTeamOf) {
    this(tenantWide, below, at, within, careTeamOf, Optional.empty());
  }

  /** Roles held at the root and below, not narrowed by care teams nor cleared at organisations. */
  public CallerAccess(Set<Role> tenantWide, Map<Role, Set<OrganisationId>> below, Instant at) {
    this(tenantWide, below, at, Map.of(), Optional.empty());
  }

  /** Every role of {@code caller} at the root: a tenant without grants, or no tenant at all. */
  public static CallerAccess tenantWide(Caller caller) {
    return new CallerAccess(caller.roles(), Map.of(), Instant.now());
  }

  /** This access, its physician role narrowed to the care teams of {@code subject}. */
  public CallerAccess onCareTeamsOf(String subject) {
    return new CallerAccess(tenantWide, below, at, within, Optional.of(subject), representing);
  }

  /** This access, acting for a patient under {@code r} (ADR 46). */
  public CallerAccess representing(Representation r) {
    return new CallerAccess(tenantWide, below, at, within, careTeamOf, Optional.of(r));
  }

  /** {@code caller} holding the granted roles too. */
  public Caller effective(Caller caller) {
    Set<Role> roles = EnumSet.noneOf(Role.class);
    roles.addAll(caller.roles());
    roles.addAll(tenantWide);
    roles.addAll(below.keySet());
    return roles.equals(caller.roles()) ? caller : caller.with(roles, caller.purposeOfUse());
  }

  /**
   * How far {@code permission} reaches: the whole tenant if a role held there grants it, else the
   * organisations of the roles granting it below the root.
   */
  public Reach reach(Permission permission) {
    Reach organisations = organisations(permission);
    return careTeamOf.isPresent() && narrowedByCareTeam(permission)
        ? organisations.onCareTeamOf(careTeamOf.get())
        : organisations;
  }

  /** Whether only the physician role gives the caller {@code permission} (ADR 30). */
  private boolean narrowedByCareTeam(Permission permission) {
    if (permission == Permission.EMERGENCY_DECLARE
        || !RolePermissions.of(Role.PHYSICIAN).contains(permission)) {
      return false;
    }
    return java.util.stream.Stream.concat(tenantWide.stream(), below.keySet().stream())
        .filter(r -> r != Role.PHYSICIAN)
        .noneMatch(r -> RolePermissions.of(r).contains(permission));
  }

  private Reach organisations(Permission permission) {
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
