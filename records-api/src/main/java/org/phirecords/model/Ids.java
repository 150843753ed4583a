package org.phirecords.model;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Pattern;
import org.phirecords.error.ErrorCode;
import org.phirecords.error.InvalidInputException;

/** Shared rules of the opaque identifiers: 128 random bits, URL-safe base64 without padding. */
final class Ids {
  static final Pattern OPAQUE = Pattern.compile("[A-Za-z0-9_-]{22}");
  private static final SecureRandom RANDOM = new SecureRandom();

  private Ids() {}

  static String random() {
    byte[] bytes = new byte[16];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  static String requireMatch(String value, Pattern pattern, String kind) {
    if (value == null || !pattern.matcher(value).matches()) {
      throw new InvalidInputException(ErrorCode.INVALID_ID, kind, "Not a valid " + kind + ".");
    }
    return value;
  }
}
