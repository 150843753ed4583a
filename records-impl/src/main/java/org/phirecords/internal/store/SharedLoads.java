package org.phirecords.internal.store;

import com.github.benmanes.caffeine.cache.AsyncCache;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/**
 * Reads through a cache on the caller's thread, never under the cache's lock: concurrent misses of
 * one key wait for one read and share its outcome, a failure included, which the cache then drops.
 * With a lock held across the read instead, each waiting caller would read again after a failure,
 * one after another: with the store unreachable, the Nth caller would wait N timeouts.
 */
public final class SharedLoads {
  private SharedLoads() {}

  /**
   * The value of {@code key} in {@code cache}, or {@code load}'s (kept unless null), shared with
   * concurrent callers of the same key.
   */
  public static <V> V get(AsyncCache<String, V> cache, String key, Supplier<V> load) {
    CompletableFuture<V> mine = new CompletableFuture<>();
    CompletableFuture<V> shared = cache.get(key, (k, executor) -> mine);
    if (shared == mine) {
      try {
        mine.complete(load.get());
      } catch (RuntimeException e) {
        mine.completeExceptionally(e);
      }
    }
    try {
      return shared.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      throw e;
    }
  }
}
