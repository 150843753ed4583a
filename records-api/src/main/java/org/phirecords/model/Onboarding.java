package org.phirecords.model;

import java.util.regex.Pattern;
import org.phirecords.error.InvalidInputException;

/**
 * What a platform admin states to onboard an organisation. Contact and admin are work contacts of
 * the organisation, never patient data.
 *
 * @param id the tenant id
 * @param displayName the organisation's name, 1 to 200 characters
 * @param contact a contact e-mail address of the organisation, 3 to 200 characters
 * @param residency the data-residency label, e.g. {@code us-east}, 1 to 40 characters
 * @param firstAdmin the subject ({@code sub}) of the first tenant admin at the tenant's identity
 *     provider, granted the tenant-admin role whatever the group mapping says; 1 to 200 characters
 * @param identityProvider the organisation's own identity provider, or null to sign in through the
 *     platform's
 */
public record Onboarding(
    TenantId id,
    String displayName,
    String contact,
    String residency,
    String firstAdmin,
    IdentityProvider identityProvider) {
  private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,100}@[^@\\s]{1,100}");
  private static final Pattern LABEL = Pattern.compile("[a-z0-9][a-z0-9-]{0,39}");

  /** Checks the bounds. */
  public Onboarding {
    if (id == null) {
      throw InvalidInputException.missing("/id");
    }
    text("/displayName", displayName);
    text("/firstAdmin", firstAdmin);
    if (contact == null || contact.length() > 200 || !EMAIL.matcher(contact).matches()) {
      throw InvalidInputException.invalid("/contact", "must be an e-mail address");
    }
    if (residency == null || !LABEL.matcher(residency).matches()) {
      throw InvalidInputException.invalid(
          "/residency", "must be a label of lower-case letters, digits and dashes");
    }
  }

  private static void text(String field, String value) {
    if (value == null || value.isBlank() || value.length() > 200) {
      throw InvalidInputException.invalid(field, "must be 1 to 200 characters");
    }
  }
}
