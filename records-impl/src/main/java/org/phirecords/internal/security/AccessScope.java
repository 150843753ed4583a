package org.phirecords.internal.security;

import org.phirecords.security.Caller;
import org.phirecords.security.Permission;
import org.phirecords.security.Role;

/** Decides how far a granted permission reaches: the whole tenant, or the caller's own record. */
public final class AccessScope {
  private AccessScope() {}

  /**
   * True when only the patient role grants {@code permission} to {@code caller}: the access is then
   * narrowed to the patient record linked to the caller.
   */
  public static boolean ownRecordOnly(Caller caller, Permission permission) {
    return caller.has(Role.PATIENT)
        && caller.roles().stream()
            .filter(r -> r != Role.PATIENT)
            .noneMatch(r -> RolePermissions.of(r).contains(permission));
  }
}
