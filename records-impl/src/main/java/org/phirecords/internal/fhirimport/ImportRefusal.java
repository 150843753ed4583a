package org.phirecords.internal.fhirimport;

import org.phirecords.error.ErrorCode;

/**
 * Why an entry of a Bundle (or the whole Bundle, {@code entry} -1) cannot be imported: the module's
 * code and a diagnostic naming FHIR elements only, never values (they may be PHI).
 */
final class ImportRefusal extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient ErrorCode code;
  private final int entry;

  ImportRefusal(ErrorCode code, int entry, String diagnostic) {
    super(diagnostic, null, false, false);
    this.code = code;
    this.entry = entry;
  }

  /** The module's code. */
  ErrorCode code() {
    return code;
  }

  /** The position of the entry in the Bundle, or -1 for the Bundle as a whole. */
  int entry() {
    return entry;
  }

  /** The same refusal about entry {@code index}. */
  ImportRefusal at(int index) {
    return new ImportRefusal(code, index, getMessage());
  }
}
