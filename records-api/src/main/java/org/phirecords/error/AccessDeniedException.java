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

  /** The permission the caller lacked. */
  public Permission required() {
    return required;
  }
}
