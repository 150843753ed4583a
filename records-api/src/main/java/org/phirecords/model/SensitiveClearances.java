package org.phirecords.model;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.phirecords.security.Role;

/**
 * Which sensitive categories a tenant cleared for which staff role (ADR 26), tenant-wide and at
 * organisations. Only physicians read clinical entries and billing reads their codes, so only those
 * two roles can be cleared; a role not named is cleared for none. A clearance at an organisation
 * holds for staff whose role holds only at that organisation or below it (through grants, ADR 27):
 * a behavioural-health facility's physicians, say, not every physician of the tenant.
 *
 * @param cleared the categories cleared for each role, tenant-wide
 * @param atOrganisations the categories cleared for each role at organisations
 */
public record SensitiveClearances(
    Map<Role, Set<Sensitivity>> cleared,
    Map<OrganisationId, Map<Role, Set<Sensitivity>>> atOrganisations) {
  /** The roles a tenant may clear. */
  public static final Set<Role> CLEARABLE = EnumSet.of(Role.PHYSICIAN, Role.BILLING);

  /**
   * A tenant's clearances until it sets its own: physicians for every category but {@link
   * Sensitivity#SUBSTANCE_USE_PART2} (Part 2 needs the patient's written consent, which the module
   * does not record), billing for none.
   */
  public static final SensitiveClearances DEFAULT =
      new SensitiveClearances(
          Map.of(
              Role.PHYSICIAN, EnumSet.complementOf(EnumSet.of(Sensitivity.SUBSTANCE_USE_PART2))));

  /** Tenant-wide clearances only. */
  public SensitiveClearances(Map<Role, Set<Sensitivity>> cleared) {
    this(cleared, Map.of());
  }

  /** Copies the maps; an empty set for a role is kept (cleared for none). */
  public SensitiveClearances {
    cleared = copy(cleared);
    Map<OrganisationId, Map<Role, Set<Sensitivity>>> at = new java.util.LinkedHashMap<>();
    (atOrganisations == null
            ? Map.<OrganisationId, Map<Role, Set<Sensitivity>>>of()
            : atOrganisations)
        .forEach((o, c) -> at.put(o, copy(c)));
    atOrganisations = Map.copyOf(at);
  }

  private static Map<Role, Set<Sensitivity>> copy(Map<Role, Set<Sensitivity>> cleared) {
    Map<Role, Set<Sensitivity>> copy = new EnumMap<>(Role.class);
    (cleared == null ? Map.<Role, Set<Sensitivity>>of() : cleared)
        .forEach((role, s) -> copy.put(role, s.isEmpty() ? Set.of() : Set.copyOf(s)));
    return Map.copyOf(copy);
  }

  /** The categories cleared tenant-wide for any of {@code roles}. */
  public Set<Sensitivity> clearedFor(Set<Role> roles) {
    return clearedFor(roles, Map.of());
  }

  /**
   * The categories cleared for any of {@code roles} tenant-wide, and for each role of {@code
   * within} at one of the organisations it names: those at or above every organisation where the
   * caller holds that role, for a role held only below the tenant.
   */
  public Set<Sensitivity> clearedFor(Set<Role> roles, Map<Role, Set<OrganisationId>> within) {
    Set<Sensitivity> union = EnumSet.noneOf(Sensitivity.class);
    roles.forEach(r -> union.addAll(cleared.getOrDefault(r, Set.of())));
    within.forEach(
        (role, organisations) ->
            organisations.forEach(
                o ->
                    union.addAll(
                        atOrganisations.getOrDefault(o, Map.of()).getOrDefault(role, Set.of()))));
    return union;
  }
}
