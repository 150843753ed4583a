package org.phirecords.model;

import java.util.regex.Pattern;

/**
 * Identifier of a tenant (an organisation). Lower-case letters, digits and dashes, 2 to 63
 * characters, starting with a letter or digit.
 */
public record TenantId(String value) {
  private static final Pattern FORM = Pattern.compile("[a-z0-9][a-z0-9-]{1,62}");

  /** Validates the form; throws {@link org.phirecords.error.InvalidInputException} otherwise. */
  public TenantId {
    Ids.requireMatch(value, FORM, "tenantId");
  }

  @Override
  public String toString() {
    return value;
  }
}
