package org.phirecords.model;

import java.util.EnumSet;
import java.util.Set;
import org.phirecords.error.ErrorCode;
import org.phirecords.error.InvalidInputException;
import org.phirecords.security.Role;

/**
 * A tenant's break-glass setting (ADR 28): whether staff may declare an emergency, which roles, for
 * how long, and whether a declaration opens writes too.
 *
 * @param enabled whether declarations are accepted at all
 * @param roles the roles that may declare; a subset of {@link #DECLARABLE}
 * @param defaultMinutes a declaration's length when it names none, 5 to {@code maximumMinutes}
 * @param maximumMinutes the longest declaration, 5 to 1440
 * @param writes whether declarations open writes as well as reads
 */
public record BreakGlassPolicy(
    boolean enabled, Set<Role> roles, int defaultMinutes, int maximumMinutes, boolean writes) {
  /**
   * The roles that may ever declare: those that read clinical records outside their own. Billing
   * and patients never.
   */
  public static final Set<Role> DECLARABLE = EnumSet.of(Role.PHYSICIAN);

  /** The shortest declaration and the bound of the maximum. */
  public static final int MIN_MINUTES = 5;

  /** The longest maximum a tenant may set (a day). */
  public static final int MAX_MINUTES = 1440;

  /** A tenant's setting until it sets its own: physicians, 60 minutes, at most 240, reads only. */
  public static final BreakGlassPolicy DEFAULT =
      new BreakGlassPolicy(true, Set.of(Role.PHYSICIAN), 60, 240, false);

  /** Checks the bounds and the roles. */
  public BreakGlassPolicy {
    roles = roles == null || roles.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(roles));
    if (!DECLARABLE.containsAll(roles)) {
      throw new InvalidInputException(
          ErrorCode.INVALID_FIELD, "/roles", "/roles: only PHYSICIAN may declare");
    }
    if (maximumMinutes < MIN_MINUTES || maximumMinutes > MAX_MINUTES) {
      throw InvalidInputException.invalid("/maximumMinutes", "between 5 and 1440");
    }
    if (defaultMinutes < MIN_MINUTES || defaultMinutes > maximumMinutes) {
      throw InvalidInputException.invalid("/defaultMinutes", "between 5 and maximumMinutes");
    }
  }

  /** Whether any of {@code held} may declare. */
  public boolean allows(Set<Role> held) {
    return held.stream().anyMatch(roles::contains);
  }
}
