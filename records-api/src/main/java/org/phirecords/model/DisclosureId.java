package org.phirecords.model;

/** Opaque identifier of a disclosure or a directed copy (ADR 47; random, never PHI). */
public record DisclosureId(String value) {
  /** Validates the form; throws {@link org.phirecords.error.InvalidInputException} otherwise. */
  public DisclosureId {
    Ids.requireMatch(value, Ids.OPAQUE, "disclosureId");
  }

  /** A new random id. */
  public static DisclosureId random() {
    return new DisclosureId(Ids.random());
  }

  @Override
  public String toString() {
    return value;
  }
}
