package org.phirecords.error;

/** No verified caller, or a caller without the tenant the operation needs. */
public class UnauthenticatedException extends RecordsException {
  private static final long serialVersionUID = 1L;

  /** Unauthenticated, with {@code UNAUTHENTICATED} or {@code TENANT_MISSING}. */
  public UnauthenticatedException(ErrorCode code) {
    super(code);
  }
}
