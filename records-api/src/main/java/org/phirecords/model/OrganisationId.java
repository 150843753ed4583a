package org.phirecords.model;

import java.util.regex.Pattern;

/**
 * Identifier of an organisation within its tenant, chosen by the tenant admin who creates it (so
 * that repeating a create is harmless): lower-case letters, digits and dashes, 2 to 63 characters,
 * starting with a letter or digit. Not PHI.
 */
public record OrganisationId(String value) {
  private static final Pattern FORM = Pattern.compile("[a-z0-9][a-z0-9-]{1,62}");

  /** Validates the form; throws {@link org.phirecords.error.InvalidInputException} otherwise. */
  public OrganisationId {
    Ids.requireMatch(value, FORM, "organisationId");
  }

  @Override
  public String toString() {
    return value;
  }
}
