package org.phirecords.model;

/** Opaque identifier of a request to re-link research ids of a dataset (ADR 44; never PHI). */
public record RelinkId(String value) {
  /** Validates the form; throws {@link org.phirecords.error.InvalidInputException} otherwise. */
  public RelinkId {
    Ids.requireMatch(value, Ids.OPAQUE, "relinkId");
  }

  /** A new random id. */
  public static RelinkId random() {
    return new RelinkId(Ids.random());
  }

  @Override
  public String toString() {
    return value;
  }
}
