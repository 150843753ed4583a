package org.phirecords.error;

/** The caller's tenant is not registered or not active. Audited like a denial. */
public class TenantUnknownException extends RecordsException {
  private static final long serialVersionUID = 1L;

  /** Unknown or inactive tenant. */
  public TenantUnknownException() {
    super(ErrorCode.TENANT_UNKNOWN);
  }
}
