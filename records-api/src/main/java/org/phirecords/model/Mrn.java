package org.phirecords.model;

import java.util.regex.Pattern;
import org.phirecords.error.InvalidInputException;

/**
 * Medical record number assigned by the organisation: a direct identifier, hence PHI. Its {@link
 * #toString()} is masked so that it cannot reach a log by accident.
 */
public record Mrn(String value) {
  private static final Pattern FORM = Pattern.compile("[A-Za-z0-9-]{1,32}");

  /** Validates the form (1 to 32 letters, digits or dashes). */
  public Mrn {
    if (value == null || !FORM.matcher(value).matches()) {
      throw InvalidInputException.invalid("/mrn", "must be 1 to 32 letters, digits or dashes");
    }
  }

  @Override
  public String toString() {
    return "Mrn[***]";
  }
}
