package org.phirecords.internal.store;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.phirecords.model.TenantId;

/**
 * A value per tenant that this instance reads at most once per period instead of on every use (a
 * data key, alert thresholds): what others change reaches this instance within that period. A read
 * that throws keeps nothing. Never for what decides access: a tenant's status is read per request.
 *
 * @param <V> the value kept
 */
public final class TenantMemo<V> {
  private record Kept<V>(V value, long readAt) {}

  private final Map<String, Kept<V>> kept = new ConcurrentHashMap<>();

  /** The value of {@code tenant}: as read within {@code period}, else {@code read} afresh. */
  public V get(TenantId tenant, Duration period, Function<TenantId, V> read) {
    long now = System.nanoTime();
    Kept<V> known = kept.get(tenant.value());
    if (known != null && now - known.readAt() < period.toNanos()) {
      return known.value();
    }
    V value = read.apply(tenant);
    kept.put(tenant.value(), new Kept<>(value, now));
    return value;
  }

  /** Reads {@code tenant}'s value afresh at its next use (this instance changed it). */
  public void forget(TenantId tenant) {
    kept.remove(tenant.value());
  }
}
