package org.phirecords.security;

import java.util.Locale;
import java.util.Optional;

/**
 * Roles a caller may hold; they arrive as token groups named by {@link #groupName()}. What each
 * role may do is fixed by the implementation's role-to-permission table.
 */
public enum Role {
  PHYSICIAN,
  BILLING,
  PATIENT,
  PRIVACY_OFFICER,
  TENANT_ADMIN,
  PLATFORM_ADMIN,
  /**
   * A system client acting with no end user (ADR 39): held only by a client the tenant registered,
   * alone, with the permissions its token's scopes grant; never from a token group or a mapping.
   */
  SYSTEM,
  /**
   * Runs aggregate queries on the de-identified analytics projection (ADR 43); never held together
   * with a role that reads PHI (the authorization check refuses such a caller, PHR-403-21).
   */
  ANALYST;

  /** The token group naming this role, for example {@code privacy-officer}. */
  public String groupName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** The role named by a token group, if any. */
  public static Optional<Role> fromGroup(String group) {
    for (Role role : values()) {
      if (role.groupName().equals(group)) {
        return Optional.of(role);
      }
    }
    return Optional.empty();
  }
}
