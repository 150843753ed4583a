package org.phirecords.model;

/** Opaque identifier of a personal representative's grant (random, never PHI; ADR 46). */
public record ProxyGrantId(String value) {
  /** Validates the form; throws {@link org.phirecords.error.InvalidInputException} otherwise. */
  public ProxyGrantId {
    Ids.requireMatch(value, Ids.OPAQUE, "grantId");
  }

  /** A new random id. */
  public static ProxyGrantId random() {
    return new ProxyGrantId(Ids.random());
  }

  @Override
  public String toString() {
    return value;
  }
}
