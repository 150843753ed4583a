package org.phirecords.model;

/** Opaque identifier of a bulk NDJSON import job (ADR 40; random, never PHI). */
public record BulkImportId(String value) {
  /** Validates the form; throws {@link org.phirecords.error.InvalidInputException} otherwise. */
  public BulkImportId {
    Ids.requireMatch(value, Ids.OPAQUE, "jobId");
  }

  /** A new random id. */
  public static BulkImportId random() {
    return new BulkImportId(Ids.random());
  }

  @Override
  public String toString() {
    return value;
  }
}
