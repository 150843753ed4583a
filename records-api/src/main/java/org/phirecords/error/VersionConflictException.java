package org.phirecords.error;

/** An update named a version that is no longer the current one (optimistic concurrency). */
public class VersionConflictException extends RecordsException {
  private static final long serialVersionUID = 1L;

  /** Conflict. */
  public VersionConflictException() {
    super(ErrorCode.VERSION_CONFLICT);
  }
}
