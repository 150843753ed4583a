package org.phirecords.error;

import java.util.Objects;

/**
 * Base of every error the module throws on purpose. Carries a stable {@link ErrorCode} and a detail
 * that is safe to show to the caller: details name fields and identifiers, never values of
 * protected health information.
 */
public class RecordsException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final ErrorCode errorCode;

  /** An error with the code's own title as detail. */
  public RecordsException(ErrorCode errorCode) {
    this(errorCode, errorCode.title());
  }

  /** An error with a PHI-free detail. */
  public RecordsException(ErrorCode errorCode, String safeDetail) {
    super(safeDetail);
    this.errorCode = Objects.requireNonNull(errorCode, "errorCode");
  }

  /** An error with a PHI-free detail and a cause that is logged, never shown. */
  public RecordsException(ErrorCode errorCode, String safeDetail, Throwable cause) {
    super(safeDetail, cause);
    this.errorCode = Objects.requireNonNull(errorCode, "errorCode");
  }

  /** The stable code of this error. */
  public ErrorCode errorCode() {
    return errorCode;
  }
}
