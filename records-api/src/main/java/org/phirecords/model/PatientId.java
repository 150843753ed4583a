package org.phirecords.model;

/**
 * Opaque random identifier of a patient, never derived from MRN, name or any other identifier. 22
 * URL-safe characters (128 random bits); safe in URLs, logs and audit events because it carries no
 * information about the person.
 */
public record PatientId(String value) {
  /** Validates the form; throws {@link org.phirecords.error.InvalidInputException} otherwise. */
  public PatientId {
    Ids.requireMatch(value, Ids.OPAQUE, "patientId");
  }

  /** A new random identifier. */
  public static PatientId random() {
    return new PatientId(Ids.random());
  }

  @Override
  public String toString() {
    return value;
  }
}
