package org.phirecords.internal.audit.trail;

import static com.mongodb.client.model.Filters.in;

import com.mongodb.MongoException;
import com.mongodb.client.MongoCollection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import java.util.logging.Logger;
import org.bson.Document;

/**
 * Removes write intents whose outcome is recorded: requests that conclude together share one delete
 * instead of one each. Without a lag, a request that finds nobody removing removes what is queued,
 * its own intent among it, before it returns; one that finds a removal under way leaves its intent
 * to it. With a lag (ADR 31), removals are made off the request path, one delete for all intents
 * concluded within the lag. Removal is tidying only: an intent left behind (a failed delete, a
 * stopped instance) is claimed and closed by {@link AuditReconciler}, which finds its outcome
 * already in the trail and records nothing twice.
 */
final class ConcludedIntents {
  private static final Logger LOG = Logger.getLogger(ConcludedIntents.class.getName());
  private static final ScheduledThreadPoolExecutor TIDIER = tidier();

  /** Most intents one delete names. */
  private static final int MAX_BATCH = 256;

  /** Most deletes one request makes for others before it returns. */
  private static final int MAX_ROUNDS = 4;

  private final Supplier<MongoCollection<Document>> intents;
  private final Duration lag;
  private final ConcurrentLinkedQueue<String> queue = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean removing = new AtomicBoolean();
  private final AtomicBoolean scheduled = new AtomicBoolean();

  ConcludedIntents(Supplier<MongoCollection<Document>> intents) {
    this(intents, Duration.ZERO);
  }

  /** Removes intents of {@code intents} within {@code lag} (zero: before the request returns). */
  ConcludedIntents(Supplier<MongoCollection<Document>> intents, Duration lag) {
    this.intents = intents;
    this.lag = lag;
  }

  /** Removes the intent {@code id}: now, together with a removal under way, or within the lag. */
  void remove(String id) {
    queue.add(id);
    if (!lag.isZero()) {
      if (scheduled.compareAndSet(false, true)) {
        TIDIER.schedule(this::removeQueued, lag.toNanos(), TimeUnit.NANOSECONDS);
      }
      return;
    }
    removeQueued();
  }

  private void removeQueued() {
    scheduled.set(false);
    // Checked again after each round: an intent queued while a removal was ending is not stranded.
    for (int round = 0;
        round < MAX_ROUNDS && !queue.isEmpty() && removing.compareAndSet(false, true);
        round++) {
      try {
        List<String> batch = new ArrayList<>();
        String next;
        while (batch.size() < MAX_BATCH && (next = queue.poll()) != null) {
          batch.add(next);
        }
        if (!batch.isEmpty()) {
          intents.get().deleteMany(in("_id", batch));
        }
      } catch (MongoException e) {
        // The outcomes are recorded; leftover intents are only re-checked by the reconciler.
        LOG.warning("closing write intents failed: " + e.getClass().getName());
      } finally {
        removing.set(false);
      }
    }
  }

  private static ScheduledThreadPoolExecutor tidier() {
    ScheduledThreadPoolExecutor tidier =
        new ScheduledThreadPoolExecutor(
            1,
            run -> {
              Thread t = new Thread(run, "audit-intents-tidier");
              t.setDaemon(true);
              return t;
            });
    tidier.setKeepAliveTime(10, TimeUnit.SECONDS);
    tidier.allowCoreThreadTimeOut(true);
    return tidier;
  }
}
