package org.phirecords.security;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * The combinations of roles the module never lets one person hold, whatever a tenant's mapping or
 * any issuer's token says: an administrator never gets PHI access, billing never reaches clinical
 * notes, a patient holds no other role, no tenant's identity provider can make a platform admin,
 * and the system role (ADR 39) never comes from groups.
 */
public final class RoleBounds {
  private static final Set<Role> ADMINS =
      EnumSet.of(Role.TENANT_ADMIN, Role.PRIVACY_OFFICER, Role.PLATFORM_ADMIN);
  private static final Set<Role> PHI = EnumSet.of(Role.PHYSICIAN, Role.BILLING, Role.PATIENT);

  private RoleBounds() {}

  /** Why {@code roles}, granted through a tenant's identity provider, are refused; else empty. */
  public static Optional<String> violation(Set<Role> roles) {
    if (roles.contains(Role.PLATFORM_ADMIN)) {
      return Optional.of("platform-admin is never granted by a tenant");
    }
    if (roles.contains(Role.SYSTEM)) {
      return Optional.of("system is held only by a registered system client, never through groups");
    }
    return combination(roles);
  }

  /** Why {@code roles} named by the platform's own issuer are refused; else empty. */
  public static Optional<String> platformViolation(Set<Role> roles) {
    if (roles.contains(Role.SYSTEM)) {
      return Optional.of("system is held only by a registered system client, never through groups");
    }
    return combination(roles);
  }

  private static Optional<String> combination(Set<Role> roles) {
    if (roles.stream().anyMatch(ADMINS::contains) && roles.stream().anyMatch(PHI::contains)) {
      return Optional.of("an admin role cannot be combined with a role that sees PHI");
    }
    if (roles.contains(Role.BILLING) && roles.contains(Role.PHYSICIAN)) {
      return Optional.of("billing cannot be combined with physician (clinical notes)");
    }
    if (roles.contains(Role.PATIENT) && roles.size() > 1) {
      return Optional.of("a patient holds no other role");
    }
    return Optional.empty();
  }
}
