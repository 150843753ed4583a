package org.phirecords.internal.web.body;

import jakarta.validation.Payload;

/**
 * Payloads of constraints whose violation is not the default {@code PHR-400-03} (invalid value).
 */
public final class Codes {
  private Codes() {}

  /** The value is not of an identifier's form: {@code PHR-400-05}. */
  public interface InvalidId extends Payload {}

  /**
   * A break-glass declaration's reason or justification is missing or invalid: {@code PHR-400-13}
   * (ADR 28), whether absent or malformed.
   */
  public interface Emergency extends Payload {}

  /** A field required by a rule across fields is missing: {@code PHR-400-04}. */
  public interface Missing extends Payload {}
}
