package org.phirecords.error;

/**
 * The resource does not exist for this caller. Thrown alike for a missing resource and for a
 * resource of another tenant or another patient, so that callers learn nothing about either.
 */
public class NotFoundException extends RecordsException {
  private static final long serialVersionUID = 1L;

  /** Not found. */
  public NotFoundException() {
    super(ErrorCode.NOT_FOUND);
  }
}
