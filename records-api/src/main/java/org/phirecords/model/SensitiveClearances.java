package org.phirecords.model;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.phirecords.security.Role;

/**
 * Which sensitive categories a tenant cleared for which staff role (ADR 26). Only physicians read
 * clinical entries and billing reads their codes, so only those two roles can be cleared; a role
 * not named is cleared for none.
 *
 * @param cleared the categories cleared for each role
 */
public record SensitiveClearances(Map<Role, Set<Sensitivity>> cleared) {
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

  /** Copies the map; an empty set for a role is kept (cleared for none). */
  public SensitiveClearances {
    Map<Role, Set<Sensitivity>> copy = new EnumMap<>(Role.class);
    (cleared == null ? Map.<Role, Set<Sensitivity>>of() : cleared)
        .forEach((role, s) -> copy.put(role, s.isEmpty() ? Set.of() : Set.copyOf(s)));
    cleared = Map.copyOf(copy);
  }

  /** The categories cleared for any of {@code roles}. */
  public Set<Sensitivity> clearedFor(Set<Role> roles) {
    Set<Sensitivity> union = EnumSet.noneOf(Sensitivity.class);
    roles.forEach(r -> union.addAll(cleared.getOrDefault(r, Set.of())));
    return union;
  }
}
