package org.phirecords.internal.audit.chain;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoException;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.InsertManyOptions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import org.bson.Document;
import org.phirecords.internal.audit.chain.ChainHeads.Head;
import org.phirecords.internal.meter.RequestTally;
import org.phirecords.internal.store.StoreCalls;

/**
 * Appends events to their tenant's hash chain, durably, without transactions, from any instances.
 *
 * <p>Each event gets its chain's next sequence number and its predecessor's hash. The insert is the
 * commit point: a unique index on (chain, seq) lets one writer take each position; a loser catches
 * up and retries, so the chain never forks or has holes. The head is a sealed hint; it may lag.
 *
 * <p>Group commit across all chains (ADR 31): concurrent callers of one instance, whatever their
 * tenant, are written together by whichever of them gets there first, in one ordered insert; the
 * others wait, blocked, until that batch is stored, and one of those still waiting then writes the
 * next. The heads of the batch's chains move in one command, before the callers are told or, with a
 * lag, just after ({@link ChainHeads}).
 */
public final class AuditChainWriter {
  private static final int MAX_BATCH = 256;

  /** How long a batch may lose positions before its callers are told (fail closed). */
  private static final long CONTENTION_BUDGET_NANOS = TimeUnit.SECONDS.toNanos(10);

  /** Upper bound of the random pause after a lost position, so instances take turns. */
  private static final long MAX_BACKOFF_MICROS = 20_000;

  /** How long a caller waits for its event before it is told the trail cannot be written. */
  private static final long PATIENCE_NANOS = TimeUnit.SECONDS.toNanos(30);

  private final MongoCollection<Document> events;
  private final ChainHeads heads;
  private final ChainKey key;
  private final ChainCheckpoints checkpoints;
  private final ConcurrentLinkedQueue<Pending> queue = new ConcurrentLinkedQueue<>();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition batchDone = lock.newCondition();
  private volatile GroupCommitListener listener = GroupCommitListener.NONE;

  /** Whether a caller is writing a batch (guarded by {@link #lock}). */
  private boolean writing;

  /** Where this instance last saw each chain end (a hint; the current batch's writer's). */
  private final Map<String, Head> known = new HashMap<>();

  /** An event, who waits for it, and that caller's tally of store commands (nullable). */
  private record Pending(
      String chain, Document event, CompletableFuture<Document> done, RequestTally waiter) {}

  public AuditChainWriter(
      MongoCollection<Document> events, MongoCollection<Document> heads, ChainKey key) {
    this(events, heads, key, null, java.time.Duration.ZERO);
  }

  /**
   * A writer that also reports each durable batch to {@code checkpoints} (nullable); heads move up
   * to {@code headLag} (not zero) after the callers are told (ADR 31).
   */
  public AuditChainWriter(
      MongoCollection<Document> events,
      MongoCollection<Document> heads,
      ChainKey key,
      ChainCheckpoints checkpoints,
      java.time.Duration headLag) {
    this.events = events;
    this.heads = new ChainHeads(heads, key, headLag);
    this.key = key;
    this.checkpoints = checkpoints;
  }

  /** Tells {@code listener} of each batch and each caller's wait (metrics, ADR 50). */
  public void listen(GroupCommitListener listener) {
    this.listener = listener;
  }

  /** How many chains' heads trail their newest events, waiting to move (ADR 31). */
  public int headsBehind() {
    return heads.behind();
  }

  /** Returns once the heads of every event stored so far have moved (tests). */
  public void settleHeads() {
    heads.settle();
  }

  /** Appends {@code event} to its chain; returns the stored document once it is durable. */
  public Document append(Document event) {
    return appendAll(List.of(event)).get(0);
  }

  /** Appends {@code events} in order, together (ADR 34); returns them once all are durable. */
  public List<Document> appendAll(List<Document> events) {
    List<Pending> pendings = new ArrayList<>(events.size());
    for (Document event : events) {
      String chain = event.getString(ChainLinks.CHAIN);
      if (chain == null) {
        chain = ChainLinks.PLATFORM;
        event.put(ChainLinks.CHAIN, chain);
      }
      pendings.add(new Pending(chain, event, new CompletableFuture<>(), RequestTally.current()));
    }
    queue.addAll(pendings);
    long asked = System.nanoTime();
    long deadline = asked + PATIENCE_NANOS;
    boolean interrupted = false;
    lock.lock();
    try {
      // Each caller writes batches only until its own events are done, then leaves the writing to
      // the callers still waiting: no request carries other requests' load indefinitely.
      while (!pendings.stream().allMatch(p -> p.done().isDone())) {
        if (!writing) {
          writing = true;
          lock.unlock();
          try {
            writeOneBatch();
          } finally {
            lock.lock();
            writing = false;
            batchDone.signalAll();
          }
        } else if (System.nanoTime() > deadline) {
          if (queue.removeAll(pendings)) {
            throw new MongoException("audit append timed out"); // never written: truthfully
          }
          deadline = System.nanoTime() + PATIENCE_NANOS; // being written: its outcome decides
        } else if (interrupted) {
          batchDone.awaitUninterruptibly();
        } else {
          try {
            batchDone.awaitNanos(deadline - System.nanoTime());
          } catch (InterruptedException e) {
            interrupted = true;
            if (queue.removeAll(pendings)) {
              throw new MongoException("audit append interrupted");
            }
          }
        }
      }
    } finally {
      lock.unlock();
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
    try {
      List<Document> stored = pendings.stream().map(p -> p.done().join()).toList();
      listener.appended(stored.size(), System.nanoTime() - asked);
      return stored;
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new MongoException("audit append failed", e.getCause());
    }
  }

  private void writeOneBatch() {
    List<Pending> batch = new ArrayList<>();
    Pending next;
    while (batch.size() < MAX_BATCH && (next = queue.poll()) != null) {
      batch.add(next);
    }
    if (!batch.isEmpty()) {
      // Its writes are waited on by every caller in it: each counts them once (store meter).
      try (RequestTally.Scope shared =
          RequestTally.writingFor(batch.stream().map(Pending::waiter).toList())) {
        write(batch);
      }
      listener.batchWritten(batch.size());
    }
  }

  private void write(List<Pending> batch) {
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
        remaining = writeInOrder(remaining);
        lostInARow = remaining.isEmpty() ? 0 : lostInARow + 1;
      }
    } catch (RuntimeException e) {
      remaining.forEach(p -> p.done().completeExceptionally(e));
      if (StoreCalls.unreachable(e)) {
        // Events queued meanwhile would meet the same dead store one batch (one timeout) after
        // another: they are told now, never written, so each request fails within one timeout.
        for (Pending p = queue.poll(); p != null; p = queue.poll()) {
          p.done().completeExceptionally(e);
        }
      }
    }
  }

  /**
   * Links {@code batch} onto its chains' ends (chain by chain, in order of arrival), stores it in
   * one ordered insert, moves the heads and completes the stored events; returns those not stored
   * because their chain, or one before them in the batch, lost a position.
   */
  private List<Pending> writeInOrder(List<Pending> batch) {
    Map<String, List<Pending>> byChain = new LinkedHashMap<>();
    batch.forEach(p -> byChain.computeIfAbsent(p.chain(), c -> new ArrayList<>()).add(p));
    Map<String, Head> started = new LinkedHashMap<>();
    List<Pending> ordered = new ArrayList<>(batch.size());
    List<Document> docs = new ArrayList<>(batch.size());
    byChain.forEach(
        (chain, pendings) -> {
          Head head = known.remove(chain);
          head = head != null ? head : heads.catchUp(events, chain, heads.read(chain));
          started.put(chain, head);
          long seq = head.seq();
          String prev = head.hash();
          for (Pending p : pendings) {
            Document doc = new Document(p.event());
            doc.put(ChainLinks.SEQ, ++seq);
            doc.put(ChainLinks.PREV, prev);
            prev = ChainLinks.seal(key, prev, doc);
            docs.add(doc);
            ordered.add(p);
          }
        });
    int inserted = insertInOrder(docs);
    String lost = inserted < docs.size() ? ordered.get(inserted).chain() : null;
    Map<String, Head> ends = new LinkedHashMap<>();
    for (int i = 0; i < inserted; i++) {
      Document d = docs.get(i);
      ends.put(
          ordered.get(i).chain(), new Head(d.getLong(ChainLinks.SEQ), d.getString("hash"), true));
    }
    Map<String, Boolean> stored = new LinkedHashMap<>();
    started.forEach((chain, head) -> stored.put(chain, head.stored()));
    if (!ends.isEmpty()) {
      // At once, or (ADR 31) a moment later: acknowledged events are never beyond the head for
      // longer than that, and a chain's first events never without one.
      heads.move(ends, stored);
      if (checkpoints != null) {
        ends.forEach((chain, end) -> checkpoints.advanced(chain, end.seq(), end.hash()));
      }
    }
    started.forEach(
        (chain, head) -> {
          if (known.size() > 10_000) {
            known.clear();
          }
          if (!chain.equals(lost)) {
            known.put(chain, ends.getOrDefault(chain, head)); // the loser reads the store again
          }
        });
    for (int i = 0; i < inserted; i++) {
      ordered.get(i).done().complete(docs.get(i));
    }
    return ordered.subList(inserted, ordered.size());
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

  /** Waits a random, growing while after a lost position: randomness breaks the lockstep. */
  private static void backOff(int lostInARow) {
    long ceiling = Math.min(MAX_BACKOFF_MICROS, 250L << Math.min(lostInARow, 10));
    LockSupport.parkNanos(
        TimeUnit.MICROSECONDS.toNanos(ThreadLocalRandom.current().nextLong(ceiling / 2, ceiling)));
  }
}
