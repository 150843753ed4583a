package org.phirecords.internal.security;

import com.nimbusds.jwt.JWTClaimsSet;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Bearer tokens whose signature was verified recently, with the key set that verified them. A
 * client sends the same token with every request until it expires; remembering it spares a
 * signature verification per request (an RSA verification and two JSON parses, the largest cost of
 * authentication).
 *
 * <p>What a remembered token skips is only the signature: it is recalled for the key set it was
 * verified with (the caller compares, so a changed registration verifies afresh), for at most the
 * lifetime given here, and its time claims are checked again on every request. Tokens are held by
 * their SHA-256 digest, never as text, so the map holds no usable credential. Bounded: when full,
 * entries past their lifetime go, and if that frees nothing, all go.
 */
final class VerifiedTokens {
  /** Most tokens remembered at once. */
  static final int MAX_REMEMBERED = 10_000;

  /** A remembered token: its claims, the keys that verified it, when. */
  record Verified(JWTClaimsSet claims, VerificationKeys keys, long verifiedAt) {}

  private final Map<String, Verified> verified = new ConcurrentHashMap<>();
  private final long lifetimeNanos;
  private final LongSupplier clock;

  /** Remembers each token for {@code lifetime}; zero remembers none. */
  VerifiedTokens(Duration lifetime) {
    this(lifetime, System::nanoTime);
  }

  /** As above, with {@code clock} giving nanoseconds (tests). */
  VerifiedTokens(Duration lifetime, LongSupplier clock) {
    this.lifetimeNanos = lifetime.toNanos();
    this.clock = clock;
  }

  /** {@code token} if it was verified within the lifetime, else null. */
  Verified recall(String token) {
    if (lifetimeNanos <= 0) {
      return null;
    }
    Verified known = verified.get(digest(token));
    return known != null && fresh(known, clock.getAsLong()) ? known : null;
  }

  /** Notes that {@code keys} verified the signature of {@code token}, whose claims are these. */
  void remember(String token, VerificationKeys keys, JWTClaimsSet claims) {
    if (lifetimeNanos <= 0) {
      return;
    }
    long now = clock.getAsLong();
    if (verified.size() >= MAX_REMEMBERED) {
      verified.values().removeIf(v -> !fresh(v, now));
      if (verified.size() >= MAX_REMEMBERED) {
        verified.clear();
      }
    }
    verified.put(digest(token), new Verified(claims, keys, now));
  }

  /** How many tokens are remembered now. */
  int size() {
    return verified.size();
  }

  private boolean fresh(Verified v, long now) {
    return now - v.verifiedAt() < lifetimeNanos;
  }

  private static String digest(String token) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256")
                  .digest(token.getBytes(StandardCharsets.US_ASCII)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
