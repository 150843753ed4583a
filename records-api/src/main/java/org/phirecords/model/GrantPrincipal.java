package org.phirecords.model;

import java.util.Objects;
import java.util.regex.Pattern;
import org.phirecords.error.InvalidInputException;

/**
 * Who a grant is for: one subject of the tenant's IdP (an opaque user id, never a name) or one of
 * its groups, as the token's {@code sub} or {@code groups} claim names them.
 *
 * @param kind subject or group
 * @param value a subject: 1 to 256 characters, no spaces or control characters (as tokens carry
 *     it); a group: 1 to 200 characters, not blank, no control characters (as a group mapping names
 *     it)
 */
public record GrantPrincipal(Kind kind, String value) {
  private static final Pattern SUBJECT = Pattern.compile("[^\\p{Cntrl}\\p{Space}]{1,256}");
  private static final Pattern GROUP = Pattern.compile("(?!\\s*$)[^\\p{Cntrl}]{1,200}");

  /** The kinds of principal. */
  public enum Kind {
    SUBJECT,
    GROUP
  }

  /** Checks presence and form. */
  public GrantPrincipal {
    Objects.requireNonNull(kind, "kind");
    Pattern form = kind == Kind.SUBJECT ? SUBJECT : GROUP;
    if (value == null || !form.matcher(value).matches()) {
      throw InvalidInputException.invalid(
          "principal",
          kind == Kind.SUBJECT
              ? "1 to 256 characters, no spaces or control characters"
              : "1 to 200 characters, not blank, no control characters");
    }
  }
}
