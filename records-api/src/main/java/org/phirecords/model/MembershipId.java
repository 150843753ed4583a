package org.phirecords.model;

/** Opaque identifier of a patient's membership of an organisation (random, never PHI). */
public record MembershipId(String value) {
  /** Validates the form; throws {@link org.phirecords.error.InvalidInputException} otherwise. */
  public MembershipId {
    Ids.requireMatch(value, Ids.OPAQUE, "membershipId");
  }

  /** A new random id. */
  public static MembershipId random() {
    return new MembershipId(Ids.random());
  }

  @Override
  public String toString() {
    return value;
  }
}
