package org.phirecords.internal.audit.chain;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.gt;
import static com.mongodb.client.model.Filters.lt;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoException;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.bson.Document;
import org.phirecords.internal.meter.RequestTally;

/**
 * Appends events to their tenant's hash chain, durably, without transactions and with any number of
 * app instances writing at once.
 *
 * <p>Each event gets the next sequence number of its chain and the hash of its predecessor. The
 * insert is the commit point: a unique index on (chain, seq) lets exactly one writer take each
 * position. A writer that loses a position (another instance took it) catches up from the stored
 * events and retries, so the chain never forks and never has holes. The head document is only a
 * hint for where the chain ends (plus a seal against truncation); it may lag behind.
 *
 * <p>Group commit: concurrent callers of one chain in one instance are written together by
 * whichever of them gets there first, in one ordered insert and one head update.
 */
public final class AuditChainWriter {
  private static final int MAX_BATCH = 256;

  /**
   * How long a batch may keep losing positions to other instances before its callers are told the
   * trail cannot be written (fail closed). A count of attempts is not enough: on a slow machine a
   * writer with a warm head can win dozens of positions in a row.
   */
  private static final long CONTENTION_BUDGET_NANOS = TimeUnit.SECONDS.toNanos(10);

  /** Upper bound of the random pause after a lost position, so instances take turns. */
  private static final long MAX_BACKOFF_MICROS = 20_000;

  private final MongoCollection<Document> events;
  private final MongoCollection<Document> heads;
  private final ChainKey key;
  private final ChainCheckpoints checkpoints;
  private final Map<String, Lane> lanes = new ConcurrentHashMap<>();

  /** An event, who waits for it, and that caller's tally of store commands (nullable). */
  private record Pending(Document event, CompletableFuture<Document> done, RequestTally waiter) {}

  private static final class Lane {
    final ConcurrentLinkedQueue<Pending> queue = new ConcurrentLinkedQueue<>();
    final AtomicBoolean writing = new AtomicBoolean();

    /**
     * Where this instance last saw the chain end: a hint that spares two reads per batch. Only the
     * lane's current writer touches it; if another instance wrote meanwhile, the insert loses its
     * position and the writer reads the store again.
     */
    Head last;
  }

  private record Head(long seq, String hash) {}

  public AuditChainWriter(
      MongoCollection<Document> events, MongoCollection<Document> heads, ChainKey key) {
    this(events, heads, key, null);
  }

  /** A writer that also reports each durable batch to {@code checkpoints} (nullable). */
  public AuditChainWriter(
      MongoCollection<Document> events,
      MongoCollection<Document> heads,
      ChainKey key,
      ChainCheckpoints checkpoints) {
    this.events = events;
    this.heads = heads;
    this.key = key;
    this.checkpoints = checkpoints;
  }

  /** Appends {@code event} to its chain; returns the stored document once it is durable. */
  public Document append(Document event) {
    String chain = event.getString(ChainLinks.CHAIN);
    if (chain == null) {
      chain = ChainLinks.PLATFORM;
      event.put(ChainLinks.CHAIN, chain);
    }
    Lane lane = lanes.computeIfAbsent(chain, c -> new Lane());
    Pending pending = new Pending(event, new CompletableFuture<>(), RequestTally.current());
    lane.queue.add(pending);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    // Each caller writes batches only until its own event is done, then leaves the lane to the
    // callers still waiting: no request carries other requests' load indefinitely.
    while (true) {
      writeOneBatch(chain, lane);
      try {
        return pending.done().get(2, TimeUnit.MILLISECONDS);
      } catch (TimeoutException notYet) {
        if (System.nanoTime() > deadline) {
          if (lane.queue.remove(pending)) {
            // Never written: the caller may report failure truthfully.
            throw new MongoException("audit append timed out");
          }
          // Being written right now: its outcome decides.
          deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        }
      } catch (ExecutionException e) {
        if (e.getCause() instanceof RuntimeException runtime) {
          throw runtime;
        }
        throw new MongoException("audit append failed", e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        if (lane.queue.remove(pending)) {
          throw new MongoException("audit append interrupted");
        }
      }
    }
  }

  private void writeOneBatch(String chain, Lane lane) {
    if (lane.queue.isEmpty() || !lane.writing.compareAndSet(false, true)) {
      return;
    }
    try {
      List<Pending> batch = new ArrayList<>();
      Pending next;
      while (batch.size() < MAX_BATCH && (next = lane.queue.poll()) != null) {
        batch.add(next);
      }
      if (!batch.isEmpty()) {
        // Its writes are waited on by every caller in it: each counts them once (store meter).
        try (RequestTally.Scope shared =
            RequestTally.writingFor(batch.stream().map(Pending::waiter).toList())) {
          write(chain, lane, batch);
        }
      }
    } finally {
      lane.writing.set(false);
    }
  }

  private void write(String chain, Lane lane, List<Pending> batch) {
    List<Pending> remaining = batch;
    long giveUpAt = System.nanoTime() + CONTENTION_BUDGET_NANOS;
    int lostInARow = 0;
    try {
      while (!remaining.isEmpty()) {
        if (lostInARow > 0) {
          if (System.nanoTime() > giveUpAt) {
            throw new MongoException("audit chain contention: no position within the time budget");
          }
          backOff(lostInARow);
        }
        Head head = lane.last != null ? lane.last : catchUp(chain, readHead(chain));
        lane.last = null;
        List<Document> docs = new ArrayList<>();
        long seq = head.seq();
        String prev = head.hash();
        for (Pending p : remaining) {
          Document doc = new Document(p.event());
          doc.put(ChainLinks.SEQ, ++seq);
          doc.put(ChainLinks.PREV, prev);
          prev = ChainLinks.seal(key, prev, doc);
          docs.add(doc);
        }
        int inserted = insertInOrder(docs);
        if (inserted > 0) {
          // The head moves before anyone is told: acknowledged events are never beyond it.
          Document last = docs.get(inserted - 1);
          long lastSeq = last.getLong(ChainLinks.SEQ);
          advanceHead(chain, lastSeq, last.getString(ChainLinks.HASH));
          if (checkpoints != null) {
            checkpoints.advanced(chain, lastSeq, last.getString(ChainLinks.HASH)); // memory only
          }
          if (inserted == docs.size()) {
            lane.last = new Head(lastSeq, last.getString(ChainLinks.HASH));
          }
        }
        for (int i = 0; i < inserted; i++) {
          remaining.get(i).done().complete(docs.get(i));
        }
        remaining = remaining.subList(inserted, remaining.size());
        lostInARow = remaining.isEmpty() ? 0 : lostInARow + 1;
      }
    } catch (RuntimeException e) {
      remaining.forEach(p -> p.done().completeExceptionally(e));
    }
  }

  /**
   * Inserts {@code docs} in one ordered insert (one round trip for the whole batch) and returns how
   * many were stored: an ordered insert stops at its first error, so every event before a lost
   * position (duplicate chain and sequence) is stored and none after it. Any other error is thrown.
   */
  private int insertInOrder(List<Document> docs) {
    try {
      events.insertMany(docs, new InsertManyOptions().ordered(true));
      return docs.size();
    } catch (MongoBulkWriteException e) {
      if (e.getWriteConcernError() != null || e.getWriteErrors().isEmpty()) {
        throw e;
      }
      BulkWriteError first =
          e.getWriteErrors().stream().min(Comparator.comparingInt(BulkWriteError::getIndex)).get();
      if (ErrorCategory.fromErrorCode(first.getCode()) != ErrorCategory.DUPLICATE_KEY) {
        throw e;
      }
      return first.getIndex();
    }
  }

  /**
   * Waits a random, growing while after a lost position: another instance is writing this chain,
   * and retrying at once mostly loses again to its next insert. Randomness breaks the lockstep.
   */
  private static void backOff(int lostInARow) {
    long ceiling = Math.min(MAX_BACKOFF_MICROS, 250L << Math.min(lostInARow, 10));
    LockSupport.parkNanos(
        TimeUnit.MICROSECONDS.toNanos(ThreadLocalRandom.current().nextLong(ceiling / 2, ceiling)));
  }

  private Head readHead(String chain) {
    Document head = heads.find(eq("_id", chain)).first();
    return head == null
        ? new Head(0, ChainLinks.GENESIS)
        : new Head(head.get(ChainLinks.SEQ, Number.class).longValue(), head.getString("hash"));
  }

  /** Moves past events other writers stored beyond the head. */
  private Head catchUp(String chain, Head head) {
    Head current = head;
    for (Document doc :
        events
            .find(and(eq(ChainLinks.CHAIN, chain), gt(ChainLinks.SEQ, head.seq())))
            .sort(new Document(ChainLinks.SEQ, 1))) {
      long seq = doc.get(ChainLinks.SEQ, Number.class).longValue();
      if (seq != current.seq() + 1) {
        break;
      }
      current = new Head(seq, doc.getString(ChainLinks.HASH));
    }
    if (current.seq() > head.seq()) {
      advanceHead(chain, current.seq(), current.hash()); // repairs a head left behind
    }
    return current;
  }

  private void advanceHead(String chain, long seq, String hash) {
    try {
      heads.updateOne(
          and(eq("_id", chain), lt(ChainLinks.SEQ, seq)),
          Updates.combine(
              Updates.set(ChainLinks.SEQ, seq),
              Updates.set("hash", hash),
              Updates.set(ChainLinks.KEY_ID, key.id()),
              Updates.set("mac", ChainLinks.headMac(key, chain, seq, hash))),
          new UpdateOptions().upsert(true));
    } catch (MongoException e) {
      // Another writer moved the head further (the upsert then collides on _id): nothing to do.
      if (ErrorCategory.fromErrorCode(e.getCode()) != ErrorCategory.DUPLICATE_KEY) {
        throw e;
      }
    }
  }
}
