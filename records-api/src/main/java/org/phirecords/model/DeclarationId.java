package org.phirecords.model;

/** Opaque identifier of a break-glass declaration (ADR 28; random, never PHI). */
public record DeclarationId(String value) {
  /** Validates the form; throws {@link org.phirecords.error.InvalidInputException} otherwise. */
  public DeclarationId {
    Ids.requireMatch(value, Ids.OPAQUE, "declarationId");
  }

  /** A new random id. */
  public static DeclarationId random() {
    return new DeclarationId(Ids.random());
  }

  @Override
  public String toString() {
    return value;
  }
}
