package org.phirecords.model;

import java.util.Objects;
import java.util.regex.Pattern;
import org.phirecords.error.InvalidInputException;

/**
 * Who a grant is for: one subject of the tenant's IdP (an opaque user id, never a name) or one of
 * its groups, as the token's {@code sub} or {@code groups} claim names them.
 *
 * @param kind subject or group
 * @param value the subject or group name, 1 to 200 printable characters
 */
public record GrantPrincipal(Kind kind, String value) {
  private static final Pattern FORM = Pattern.compile("[\\x21-\\x7e]{1,200}");

  /** The kinds of principal. */
  public enum Kind {
    SUBJECT,
    GROUP
  }

  /** Checks presence and form. */
  public GrantPrincipal {
    Objects.requireNonNull(kind, "kind");
    if (value == null || !FORM.matcher(value).matches()) {
      throw InvalidInputException.invalid("principal", "1 to 200 printable characters");
    }
  }
}
