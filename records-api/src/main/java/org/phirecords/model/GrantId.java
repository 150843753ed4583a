package org.phirecords.model;

/**
 * Opaque identifier of a grant (ADR 27, ADR 29): derived by the module from the tenant, principal,
 * role and organisation, so that the same grant has the same id; never PHI.
 */
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
