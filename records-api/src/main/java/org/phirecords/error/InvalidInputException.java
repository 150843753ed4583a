package org.phirecords.error;

/**
 * Bad input: the detail names the offending field (a JSON pointer such as {@code /birthDate}) but
 * never echoes its value.
 */
public class InvalidInputException extends RecordsException {
  private static final long serialVersionUID = 1L;

  private final String field;

  /** Bad input in {@code field} (a JSON pointer, or a parameter name). */
  public InvalidInputException(ErrorCode code, String field, String safeDetail) {
    super(code, safeDetail);
    this.field = field;
  }

  /** The JSON pointer or parameter name of the offending input, or {@code null}. */
  public String field() {
    return field;
  }

  /** The field is invalid because {@code reason} (a fixed text without the value). */
  public static InvalidInputException invalid(String field, String reason) {
    return new InvalidInputException(ErrorCode.INVALID_FIELD, field, field + ": " + reason);
  }

  /** The required field is missing. */
  public static InvalidInputException missing(String field) {
    return new InvalidInputException(ErrorCode.MISSING_FIELD, field, field + " is required");
  }
}
