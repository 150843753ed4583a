package org.phirecords.internal.crypto;

import org.phirecords.error.ErrorCode;
import org.phirecords.error.RecordsException;

/**
 * A ciphertext reached a caller of another tenant than the one whose key encrypted it. Decryption
 * is refused; the authorization interceptor audits it as a denial.
 */
public class ForeignCiphertextException extends RecordsException {
  private static final long serialVersionUID = 1L;

  /** Refused. */
  public ForeignCiphertextException() {
    super(ErrorCode.INTEGRITY);
  }
}
