package org.phirecords.internal.link;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One-time invitation codes: 160 random bits as 32 characters of the RFC 4648 base-32 alphabet, in
 * groups of four for reading aloud or typing. Only a SHA-256 hash is stored: a code is too random
 * to guess, so no slow hash is needed, and a copy of the store holds nothing redeemable.
 */
final class InvitationCodes {
  private static final char[] ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();
  private static final Pattern FORM = Pattern.compile("[A-Z2-7]{32}");
  private static final SecureRandom RANDOM = new SecureRandom();

  private InvitationCodes() {}

  /** A new code, {@code XXXX-XXXX-...} (eight groups). */
  static String generate() {
    byte[] bytes = new byte[20];
    RANDOM.nextBytes(bytes);
    StringBuilder code = new StringBuilder();
    long buffer = 0;
    int bits = 0;
    for (byte b : bytes) {
      buffer = (buffer << 8) | (b & 0xff);
      bits += 8;
      while (bits >= 5) {
        if (code.length() % 5 == 4) {
          code.append('-');
        }
        code.append(ALPHABET[(int) (buffer >> (bits - 5)) & 31]);
        bits -= 5;
      }
    }
    return code.toString();
  }

  /** {@code code} without separators, in upper case, if it has the form of a code. */
  static Optional<String> normalise(String code) {
    if (code == null || code.length() > 64) {
      return Optional.empty();
    }
    String plain = code.replaceAll("[\\s-]", "").toUpperCase(Locale.ROOT);
    return FORM.matcher(plain).matches() ? Optional.of(plain) : Optional.empty();
  }

  /** The stored form of a normalised code. */
  static String hash(String normalised) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256")
                  .digest(normalised.getBytes(StandardCharsets.US_ASCII)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A random id of an invitation, for the audit trail (128 bits, URL-safe). */
  static String randomId() {
    byte[] bytes = new byte[16];
    RANDOM.nextBytes(bytes);
    return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
