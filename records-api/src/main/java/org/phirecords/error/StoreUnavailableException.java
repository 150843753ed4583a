package org.phirecords.error;

/** The record store could not be reached in time. Nothing was written half-way. */
public class StoreUnavailableException extends RecordsException {
  private static final long serialVersionUID = 1L;

  /** The store failed with {@code cause}. */
  public StoreUnavailableException(Throwable cause) {
    super(ErrorCode.STORE_UNAVAILABLE, ErrorCode.STORE_UNAVAILABLE.title(), cause);
  }
}
