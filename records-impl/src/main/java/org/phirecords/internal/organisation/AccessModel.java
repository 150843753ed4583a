package org.phirecords.internal.organisation;

import java.time.Instant;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.phirecords.internal.security.CallerAccess;
import org.phirecords.model.Grant;
import org.phirecords.model.GrantPrincipal;
import org.phirecords.model.OrganisationId;
import org.phirecords.security.Caller;
import org.phirecords.security.Role;
import org.phirecords.security.RoleBounds;

/**
 * One snapshot of a tenant's organisation tree and grants in force (ADR 27), from which each
 * caller's {@link CallerAccess} is worked out in memory. Grants of the platform-admin or patient
 * role give nothing, whatever is stored; nor do grants whose roles, with the caller's own, break
 * {@link RoleBounds} (an admin granted a PHI role, billing granted physician).
 */
public final class AccessModel {
  private static final Set<Role> NEVER_GRANTED = EnumSet.of(Role.PLATFORM_ADMIN, Role.PATIENT);

  private final OrganisationTree tree;
  private final boolean careTeams;
  // The grants by principal, so that a caller's few are found without walking all of them.
  private final Map<String, List<Grant>> byPrincipal;
  private final Map<OrganisationId, Set<OrganisationId>> reached = new ConcurrentHashMap<>();
  private final Map<String, List<OrganisationId>> clientBounds;

  AccessModel(
      OrganisationTree tree,
      List<Grant> grants,
      boolean careTeams,
      Map<String, List<OrganisationId>> clientBounds) {
    this.tree = tree;
    this.careTeams = careTeams;
    this.clientBounds = Map.copyOf(clientBounds);
    this.byPrincipal =
        grants.stream()
            .collect(
                java.util.stream.Collectors.groupingBy(
                    g -> key(g.principal().kind(), g.principal().value())));
  }

  /**
   * Where the roles of {@code caller} hold, judged at {@code at}; a physician narrowed to their
   * care teams if the tenant says so (ADR 30).
   */
  public CallerAccess accessOf(Caller caller, Instant at) {
    if (caller.has(Role.SYSTEM)) {
      return clientAccess(caller, at);
    }
    CallerAccess access = organisationsOf(caller, at);
    return careTeams && access.effective(caller).roles().contains(Role.PHYSICIAN)
        ? access.onCareTeamsOf(caller.subject())
        : access;
  }

  private CallerAccess organisationsOf(Caller caller, Instant at) {
    if (byPrincipal.isEmpty()) {
      return new CallerAccess(caller.roles(), Map.of(), at);
    }
    Set<Role> tenantWide = EnumSet.noneOf(Role.class);
    tenantWide.addAll(caller.roles());
    Map<Role, Set<OrganisationId>> below = new EnumMap<>(Role.class);
    Map<Role, Set<OrganisationId>> within = new EnumMap<>(Role.class);
    for (Grant g : grantsOf(caller)) {
      if (NEVER_GRANTED.contains(g.role())) {
        continue;
      }
      if (g.organisation().isEmpty()) {
        tenantWide.add(g.role());
      } else {
        Set<OrganisationId> active = reached.computeIfAbsent(g.organisation().get(), tree::active);
        if (!active.isEmpty()) {
          below.computeIfAbsent(g.role(), r -> new HashSet<>()).addAll(active);
          // Organisations above every grant of the role: where its clearances apply (ADR 26).
          Set<OrganisationId> up = new HashSet<>(tree.pathUp(g.organisation().get()));
          within.merge(
              g.role(),
              up,
              (a, b) -> {
                a.retainAll(b);
                return a;
              });
        }
      }
    }
    below.keySet().removeAll(tenantWide);
    within.keySet().removeAll(tenantWide);
    Set<Role> all = EnumSet.copyOf(tenantWide);
    all.addAll(below.keySet());
    if (!all.isEmpty() && RoleBounds.violation(all).isPresent()) {
      // Grants never combine roles a token could not hold together: they give nothing then.
      return new CallerAccess(caller.roles(), Map.of(), at);
    }
    return new CallerAccess(tenantWide, below, at, within, Optional.empty());
  }

  /**
   * A system client's access (ADR 39, 42): no grant to its id applies; tenant-wide unless the
   * tenant bounded it to organisations, then at those (active, with everything below) only, like a
   * role granted there. Bounded to organisations none of which is active, it reaches no patient.
   */
  private CallerAccess clientAccess(Caller caller, Instant at) {
    List<OrganisationId> bounds = clientBounds.getOrDefault(caller.subject(), List.of());
    if (bounds.isEmpty()) {
      return new CallerAccess(caller.roles(), Map.of(), at);
    }
    Set<OrganisationId> active = new HashSet<>();
    bounds.forEach(o -> active.addAll(reached.computeIfAbsent(o, tree::active)));
    return new CallerAccess(Set.of(), Map.of(Role.SYSTEM, active), at);
  }

  /** The grants to {@code caller}'s subject and to the groups its token names. */
  private List<Grant> grantsOf(Caller caller) {
    List<Grant> own =
        new java.util.ArrayList<>(
            byPrincipal.getOrDefault(
                key(GrantPrincipal.Kind.SUBJECT, caller.subject()), List.of()));
    for (String group : caller.groups()) {
      own.addAll(byPrincipal.getOrDefault(key(GrantPrincipal.Kind.GROUP, group), List.of()));
    }
    return own;
  }

  private static String key(GrantPrincipal.Kind kind, String value) {
    return kind.name() + ':' + value;
  }
}
