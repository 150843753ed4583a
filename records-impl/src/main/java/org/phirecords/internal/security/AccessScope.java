package org.phirecords.internal.security;

import org.phirecords.security.Caller;
import org.phirecords.security.Permission;
import org.phirecords.security.Role;

/** Decides how far a granted permission reaches: the whole tenant, or the caller's own record. */
public final class AccessScope {
  private AccessScope() {}

  /**
   * True when {@code permission} reaches PHI and only the patient role grants it to {@code caller}:
   * the access is then narrowed to the patient record the module linked to the caller (ADR 17),
   * never one a token claim names.
   */
  public static boolean ownRecordOnly(Caller caller, Permission permission) {
    return permission.touchesPhi()
        && caller.has(Role.PATIENT)
        && caller.roles().stream()
            .filter(r -> r != Role.PATIENT)
            .noneMatch(r -> RolePermissions.of(r).contains(permission));
  }
}
