package org.phirecords.internal.audit.chain;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.gt;
import static com.mongodb.client.model.Filters.lt;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;
import org.bson.Document;

/**
 * The chain heads ({@code audit_chain_heads}): where each chain ends, sealed with the chain key. A
 * head only ever moves forward, and several chains' heads move in one command. Moved either before
 * the events' writers are told they are stored, or (with a lag, ADR 31) afterwards, at most once
 * per lag for all chains on a thread of its own: a head then trails its newest events by up to the
 * lag, and after a crash until the chain's next writer catches up from the stored events (it reads
 * them anyway to take a position). Verification accepts a head behind the chain's end, never one
 * beyond it; a chain's first events are never without a head.
 */
final class ChainHeads {
  private static final Logger LOG = Logger.getLogger(ChainHeads.class.getName());
  private static final ScheduledThreadPoolExecutor MOVER = mover();

  /** Where a chain ends: its position and hash; {@code stored}: a head document exists. */
  record Head(long seq, String hash, boolean stored) {}

  private final MongoCollection<Document> heads;
  private final ChainKey key;
  private final Duration lag;
  private final Map<String, Head> unmoved = new ConcurrentHashMap<>();
  private final AtomicBoolean moveQueued = new AtomicBoolean();

  /** Heads in {@code heads}, sealed with {@code key}; moved {@code lag} after (zero: before). */
  ChainHeads(MongoCollection<Document> heads, ChainKey key, Duration lag) {
    this.heads = heads;
    this.key = key;
    this.lag = lag;
  }

  /** The stored head of {@code chain}; the genesis when there is none. */
  Head read(String chain) {
    Document head = heads.find(eq("_id", chain)).first();
    return head == null
        ? new Head(0, ChainLinks.GENESIS, false)
        : new Head(
            head.get(ChainLinks.SEQ, Number.class).longValue(), head.getString("hash"), true);
  }

  /**
   * Moves the heads of {@code ends} (chain to where it now ends) forward: at once, in one command;
   * or, with a lag, those of chains that have a head ({@code stored}) within the lag, together.
   */
  void move(Map<String, Head> ends, Map<String, Boolean> stored) {
    Map<String, Head> now = new LinkedHashMap<>();
    ends.forEach(
        (chain, end) -> {
          if (!lag.isZero() && stored.getOrDefault(chain, false)) {
            unmoved.merge(chain, end, (a, b) -> a.seq() >= b.seq() ? a : b);
          } else {
            now.put(chain, end); // a new chain gets its head before anyone is told
          }
        });
    if (!now.isEmpty()) {
      write(now);
    }
    if (!unmoved.isEmpty() && moveQueued.compareAndSet(false, true)) {
      MOVER.schedule(this::moveUnmoved, lag.toNanos(), TimeUnit.NANOSECONDS);
    }
  }

  /** Moves what waits to move; a failure leaves it to the chain's next writer's catch-up. */
  private void moveUnmoved() {
    moveQueued.set(false);
    Map<String, Head> batch = new LinkedHashMap<>();
    for (String chain : List.copyOf(unmoved.keySet())) {
      Head end = unmoved.remove(chain);
      if (end != null) {
        batch.put(chain, end);
      }
    }
    try {
      if (!batch.isEmpty()) {
        write(batch);
      }
    } catch (RuntimeException e) {
      // The cause's type only; the events are stored, the heads catch up at the next write.
      LOG.warning("audit chain heads not moved: " + e.getClass().getName());
    }
  }

  /** How many chains' heads wait to move. */
  int behind() {
    return unmoved.size();
  }

  /** Moves every head handed to {@link #move} so far, now (tests, shutdown). */
  void settle() {
    try {
      MOVER.submit(this::moveUnmoved).get(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      LOG.warning("audit chain heads not settled: " + e.getClass().getName());
    }
  }

  /**
   * Moves each head of {@code ends} forward (never back) in one unordered bulk write; a head that
   * another writer moved further meanwhile stays (its upsert collides on {@code _id}).
   */
  void write(Map<String, Head> ends) {
    List<UpdateOneModel<Document>> updates = new ArrayList<>();
    ends.forEach(
        (chain, end) ->
            updates.add(
                new UpdateOneModel<>(
                    and(eq("_id", chain), lt(ChainLinks.SEQ, end.seq())),
                    Updates.combine(
                        Updates.set(ChainLinks.SEQ, end.seq()),
                        Updates.set("hash", end.hash()),
                        Updates.set(ChainLinks.KEY_ID, key.id()),
                        Updates.set("mac", ChainLinks.headMac(key, chain, end.seq(), end.hash()))),
                    new UpdateOptions().upsert(true))));
    try {
      heads.bulkWrite(updates, new BulkWriteOptions().ordered(false));
    } catch (MongoBulkWriteException e) {
      boolean onlyFurther =
          e.getWriteConcernError() == null
              && e.getWriteErrors().stream()
                  .allMatch(
                      w -> ErrorCategory.fromErrorCode(w.getCode()) == ErrorCategory.DUPLICATE_KEY);
      if (!onlyFurther) {
        throw e;
      }
    }
  }

  /**
   * Moves past events of {@code chain} in {@code events} stored beyond {@code head} (by other
   * writers, or before a crash) and moves the stored head there.
   */
  Head catchUp(MongoCollection<Document> events, String chain, Head head) {
    Head current = head;
    for (Document doc :
        events
            .find(and(eq(ChainLinks.CHAIN, chain), gt(ChainLinks.SEQ, head.seq())))
            .sort(new Document(ChainLinks.SEQ, 1))) {
      long seq = doc.get(ChainLinks.SEQ, Number.class).longValue();
      if (seq != current.seq() + 1) {
        break;
      }
      current = new Head(seq, doc.getString(ChainLinks.HASH), true);
    }
    if (current.seq() > head.seq()) {
      write(Map.of(chain, current)); // repairs a head left behind (a crash, ADR 31)
    }
    return current;
  }

  private static ScheduledThreadPoolExecutor mover() {
    ScheduledThreadPoolExecutor mover =
        new ScheduledThreadPoolExecutor(
            1,
            run -> {
              Thread t = new Thread(run, "audit-chain-heads");
              t.setDaemon(true);
              return t;
            });
    mover.setKeepAliveTime(10, TimeUnit.SECONDS);
    mover.allowCoreThreadTimeOut(true);
    return mover;
  }
}
