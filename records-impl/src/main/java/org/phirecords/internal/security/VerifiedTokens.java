package org.phirecords.internal.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import com.nimbusds.jwt.JWTClaimsSet;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;

/**
 * Bearer tokens whose signature was verified recently, with the key set that verified them. A
 * client sends the same token with every request until it expires; remembering it spares a
 * signature verification per request (an RSA verification and two JSON parses, the largest cost of
 * authentication).
 *
 * <p>What a remembered token skips is only the signature: it is recalled for the key set it was
 * verified with (the caller compares, so a changed registration verifies afresh), for at most the
 * lifetime given here, and its time claims are checked again on every request. Tokens are held by
 * their SHA-256 digest, never as text, so the cache holds no usable credential. A Caffeine cache:
 * each token expires its lifetime after it was verified, and at most {@link #MAX_REMEMBERED} are
 * held (expired ones go first, then the least used).
 */
final class VerifiedTokens {
  /** Most tokens remembered at once. */
  static final int MAX_REMEMBERED = 10_000;

  /** A remembered token: its claims, the keys that verified it. */
  record Verified(JWTClaimsSet claims, VerificationKeys keys) {}

  /** Null when the lifetime is zero: nothing is remembered. */
  private final Cache<String, Verified> verified;

  /** Remembers each token for {@code lifetime}; zero remembers none. */
  VerifiedTokens(Duration lifetime) {
    this(lifetime, Ticker.systemTicker());
  }

  /** As above, with {@code ticker} giving nanoseconds (tests). */
  VerifiedTokens(Duration lifetime, Ticker ticker) {
    this.verified =
        lifetime.isZero() || lifetime.isNegative()
            ? null
            : Caffeine.newBuilder()
                .maximumSize(MAX_REMEMBERED)
                .expireAfterWrite(lifetime)
                .ticker(ticker)
                // Upkeep on the calling thread: no pool thread outside the container's control.
                .executor(Runnable::run)
                .build();
  }

  /** {@code token} if it was verified within the lifetime, else null. */
  Verified recall(String token) {
    return verified == null ? null : verified.getIfPresent(digest(token));
  }

  /** Notes that {@code keys} verified the signature of {@code token}, whose claims are these. */
  void remember(String token, VerificationKeys keys, JWTClaimsSet claims) {
    if (verified != null) {
      verified.put(digest(token), new Verified(claims, keys));
    }
  }

  /** How many tokens are remembered now. */
  int size() {
    if (verified == null) {
      return 0;
    }
    verified.cleanUp();
    return (int) verified.estimatedSize();
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
