package org.phirecords.internal.store;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import java.time.Duration;
import java.util.function.Function;
import org.phirecords.model.TenantId;

/**
 * A value per tenant that this instance reads at most once per period instead of on every use (a
 * data key, alert thresholds): what others change reaches this instance within that period. A read
 * that throws keeps nothing; concurrent uses of one tenant's expired value wait for one read and
 * share its outcome, a failure included ({@link SharedLoads}). What decides access is kept only
 * with a bound its ADR states (grants, ADR 27; a tenant's standing, ADR 31).
 *
 * <p>A Caffeine cache, each entry expiring the period after it was read; at most {@link
 * #MAX_TENANTS} tenants are kept (one forgotten is only read again).
 *
 * @param <V> the value kept
 */
public final class TenantMemo<V> {
  /** Most tenants kept at once. */
  static final int MAX_TENANTS = 10_000;

  /** A value and how long it may be reused (the period of the read that got it). */
  private record Kept<V>(V value, Duration period) {}

  private final AsyncCache<String, Kept<V>> kept =
      Caffeine.newBuilder()
          .maximumSize(MAX_TENANTS)
          .expireAfter(Expiry.<String, Kept<V>>writing((tenant, k) -> k.period()))
          .executor(Runnable::run)
          .buildAsync();

  /** The value of {@code tenant}: as read within {@code period}, else {@code read} afresh. */
  public V get(TenantId tenant, Duration period, Function<TenantId, V> read) {
    return SharedLoads.get(kept, tenant.value(), () -> new Kept<>(read.apply(tenant), period))
        .value();
  }

  /** Reads {@code tenant}'s value afresh at its next use (this instance changed it). */
  public void forget(TenantId tenant) {
    kept.synchronous().invalidate(tenant.value());
  }
}
