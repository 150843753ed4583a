package org.phirecords.internal.link;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Failed redemptions per user on this instance: after {@link #MAX_FAILURES} within {@link #WINDOW}
 * a user's further attempts are refused until the window passes. Codes carry 160 random bits, so
 * this is a second line: it keeps a user from hammering the store, and makes guessing visible in
 * the audit trail.
 */
final class RedemptionAttempts {
  /** Failures a user may have within the window. */
  static final int MAX_FAILURES = 5;

  /** How long failures count. */
  static final Duration WINDOW = Duration.ofMinutes(15);

  private final Cache<String, AtomicInteger> failures =
      Caffeine.newBuilder()
          .maximumSize(100_000)
          .expireAfterWrite(WINDOW)
          .executor(Runnable::run)
          .build();

  /** Whether {@code user} used up the failures of the window. */
  boolean exhausted(String user) {
    AtomicInteger count = failures.getIfPresent(user);
    return count != null && count.get() >= MAX_FAILURES;
  }

  /** Counts a failure of {@code user}. */
  void failed(String user) {
    failures.asMap().computeIfAbsent(user, u -> new AtomicInteger()).incrementAndGet();
  }

  /** Forgets {@code user}'s failures after a success. */
  void succeeded(String user) {
    failures.invalidate(user);
  }
}
