package org.phirecords.model;

/** Opaque identifier of a grant (ADR 27; random, never PHI). */
public record GrantId(String value) {
  /** Validates the form; throws {@link org.phirecords.error.InvalidInputException} otherwise. */
  public GrantId {
    Ids.requireMatch(value, Ids.OPAQUE, "grantId");
  }

  /** A new random id. */
  public static GrantId random() {
    return new GrantId(Ids.random());
  }

  @Override
  public String toString() {
    return value;
  }
}
