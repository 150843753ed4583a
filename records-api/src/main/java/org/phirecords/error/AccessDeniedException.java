package org.phirecords.error;

import org.phirecords.security.Permission;

/** The caller lacks a permission the operation declares. Always audited before it is thrown. */
public class AccessDeniedException extends RecordsException {
  private static final long serialVersionUID = 1L;

  private final Permission required;

  /** Denied for lack of {@code required}. */
  public AccessDeniedException(Permission required) {
    super(ErrorCode.ACCESS_DENIED, "Permission " + required + " is required.");
    this.required = required;
  }

  /**
   * Denied because the caller is a patient user whom the module has not linked to a record ({@code
   * PHR-403-05}): the answer is the same whatever record was asked for.
   */
  public static AccessDeniedException notLinked(Permission required) {
    return new AccessDeniedException(
        required, ErrorCode.PATIENT_NOT_LINKED, "No record is linked to the caller.");
  }

  /**
   * Denied because the caller is a system client whose token's scopes, as the tenant allows them,
   * grant no {@code required} ({@code PHR-403-17}, ADR 39).
   */
  public static AccessDeniedException outOfScope(Permission required) {
    return new AccessDeniedException(
        required, ErrorCode.SYSTEM_SCOPE_MISSING, "Permission " + required + " is required.");
  }

  /**
   * Denied because the caller holds the analyst role and a role that reads PHI ({@code PHR-403-21},
   * ADR 43), whatever {@code required} was.
   */
  public static AccessDeniedException analystWithPhi(Permission required) {
    return new AccessDeniedException(
        required, ErrorCode.ANALYST_WITH_PHI_ROLE, "The analyst role excludes roles reading PHI.");
  }

  private AccessDeniedException(Permission required, ErrorCode code, String message) {
    super(code, message);
    this.required = required;
  }

  /** The permission the caller lacked. */
  public Permission required() {
    return required;
  }
}
