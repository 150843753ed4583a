package org.phirecords.model;

/** Identifier of an amendment request; opaque, URL-safe. */
public record AmendmentId(String value) {
  /** Validates the form. */
  public AmendmentId {
    Ids.requireMatch(value, Ids.OPAQUE, "amendmentId");
  }

  /** A new random id. */
  public static AmendmentId random() {
    return new AmendmentId(Ids.random());
  }

  @Override
  public String toString() {
    return value;
  }
}
