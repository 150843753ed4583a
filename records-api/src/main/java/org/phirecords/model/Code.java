package org.phirecords.model;

import java.util.regex.Pattern;
import org.phirecords.error.InvalidInputException;

/**
 * A coded concept: a code system (for example {@code http://hl7.org/fhir/sid/icd-10-cm}, {@code
 * http://snomed.info/sct}, {@code http://loinc.org}), a code and an optional display text.
 */
public record Code(String system, String code, String display) {
  private static final Pattern SYSTEM = Pattern.compile("[A-Za-z0-9:/._#-]{1,200}");
  private static final Pattern VALUE = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  /** Validates system and code forms. */
  public Code {
    if (system == null || !SYSTEM.matcher(system).matches()) {
      throw InvalidInputException.invalid("/codes/system", "must be a code system URI");
    }
    if (code == null || !VALUE.matcher(code).matches()) {
      throw InvalidInputException.invalid("/codes/code", "must be 1 to 64 letters, digits, . _ -");
    }
  }
}
