package org.phirecords.model;

/** Opaque identifier of a place on a patient's care team (random, never PHI). */
public record CareTeamMemberId(String value) {
  /** Validates the form; throws {@link org.phirecords.error.InvalidInputException} otherwise. */
  public CareTeamMemberId {
    Ids.requireMatch(value, Ids.OPAQUE, "memberId");
  }

  /** A new random id. */
  public static CareTeamMemberId random() {
    return new CareTeamMemberId(Ids.random());
  }

  @Override
  public String toString() {
    return value;
  }
}
