package org.phirecords.error;

/**
 * The audit event could not be stored durably. The operation fails closed: no PHI is returned and
 * no write is acknowledged.
 */
public class AuditUnavailableException extends RecordsException {
  private static final long serialVersionUID = 1L;

  /** The audit store failed with {@code cause}. */
  public AuditUnavailableException(Throwable cause) {
    super(ErrorCode.AUDIT_UNAVAILABLE, ErrorCode.AUDIT_UNAVAILABLE.title(), cause);
  }
}
