package org.phirecords.model;

/** Opaque identifier of a FHIR bulk export (ADR 38; random, never PHI). */
public record ExportId(String value) {
  /** Validates the form; throws {@link org.phirecords.error.InvalidInputException} otherwise. */
  public ExportId {
    Ids.requireMatch(value, Ids.OPAQUE, "exportId");
  }

  /** A new random id. */
  public static ExportId random() {
    return new ExportId(Ids.random());
  }

  @Override
  public String toString() {
    return value;
  }
}
