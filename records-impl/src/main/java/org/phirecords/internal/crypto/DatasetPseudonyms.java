package org.phirecords.internal.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The research ids of one de-identified dataset (ADR 44): HMAC-SHA256 of a patient id under a key
 * drawn for that dataset alone, so that ids of two datasets cannot be joined and, once the key is
 * destroyed, nobody can tell whose record a research id is. The key is kept only sealed under the
 * tenant's key, with the job, while the dataset is built and until it is downloaded or expires.
 */
public final class DatasetPseudonyms {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String HMAC = "HmacSHA256";

  private final Mac mac;

  /** Research ids under {@code key} (32 bytes). */
  public DatasetPseudonyms(byte[] key) {
    if (key == null || key.length != 32) {
      throw new IllegalArgumentException("a dataset key is 32 bytes");
    }
    try {
      mac = Mac.getInstance(HMAC);
      mac.init(new SecretKeySpec(key, HMAC));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("no HMAC-SHA256", e);
    }
  }

  /** A fresh random dataset key, base64 (to be sealed, never stored in the clear). */
  public static String freshKey() {
    byte[] key = new byte[32];
    RANDOM.nextBytes(key);
    return Base64.getEncoder().encodeToString(key);
  }

  /** Research ids under the base64 {@code key}. */
  public static DatasetPseudonyms under(String key) {
    return new DatasetPseudonyms(Base64.getDecoder().decode(key));
  }

  /** The research id of {@code patientId}: 128 bits of its HMAC, base64url. */
  public String of(String patientId) {
    byte[] full = mac.doFinal(patientId.getBytes(StandardCharsets.UTF_8));
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(java.util.Arrays.copyOf(full, 16));
  }
}
