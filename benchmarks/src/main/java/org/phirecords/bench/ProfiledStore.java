package org.phirecords.bench;

import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.backend.memory.MemoryDatabase;
import de.bwaldvogel.mongo.backend.memory.index.MemoryUniqueIndex;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.message.MongoMessage;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * The in-memory store of a run. It counts the commands it serves (to tell when the store is quiet)
 * and the CPU time of the threads that ran them (the store's share of an operation's cost). Which
 * commands an operation makes is counted by each side's driver ({@link StoreCommands}), no longer
 * here: the per-shape timing this store once did was a hand-made profiler, replaced by the driver's
 * CommandListener (issue 24).
 */
final class ProfiledStore extends MemoryBackend {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private final boolean cpuTimed = THREADS.isCurrentThreadCpuTimeSupported();

  private final LongAdder commands = new LongAdder();
  private final LongAdder cpuNanos = new LongAdder();

  /**
   * Databases whose unique indexes also serve a query that adds an organisation-scope condition
   * ({@code reach}, ADR 27) to the index's own fields, testing it on the documents found, as
   * MongoDB serves such a query from the index on the other fields. The embedded store otherwise
   * uses an index only for a query of exactly its fields, and a scoped caller's read of a patient
   * by id or MRN would scan every patient. No other query names {@code reach}: nothing else
   * changes.
   */
  @Override
  public MemoryDatabase openOrCreateDatabase(String name) {
    return new MemoryDatabase(name, getCursorRegistry()) {
      @Override
      protected Index<Integer> openOrCreateUniqueIndex(
          String collection, String indexName, List<IndexKey> keys, boolean sparse) {
        return new ReachServingIndex(indexName, keys, sparse);
      }
    };
  }

  /** A unique index that serves a query of its fields plus {@code reach} (see above). */
  static final class ReachServingIndex extends MemoryUniqueIndex {
    private static final String REACH = "reach";

    ReachServingIndex(String name, List<IndexKey> keys, boolean sparse) {
      super(name, keys, sparse);
    }

    @Override
    public boolean canHandle(Document query) {
      return super.canHandle(query)
          || (query.containsKey(REACH) && super.canHandle(withoutReach(query)));
    }

    @Override
    public Iterable<Integer> getPositions(Document query) {
      // The collection tests the whole query, reach included, on each document found.
      return super.getPositions(query.containsKey(REACH) ? withoutReach(query) : query);
    }

    private static Document withoutReach(Document query) {
      Document rest = new Document(query);
      rest.remove(REACH);
      return rest;
    }
  }

  @Override
  public Document handleMessage(MongoMessage message) {
    long cpuStart = cpuTimed ? THREADS.getCurrentThreadCpuTime() : 0;
    try {
      return super.handleMessage(message);
    } finally {
      if (cpuTimed) {
        cpuNanos.add(THREADS.getCurrentThreadCpuTime() - cpuStart);
      }
      commands.increment();
    }
  }

  /**
   * Waits until the store sees fewer than 20 commands in a second (the module's asynchronous audit
   * work, such as the anomaly evaluation of every loaded event, has caught up; periodic jobs may go
   * on), at most {@code max}. Returns how long the store stayed busy: until the start of that quiet
   * second (zero if the first second was quiet already), in whole seconds.
   */
  Duration awaitQuiet(Duration max) throws InterruptedException {
    long started = System.nanoTime();
    long windowStart = started;
    long before = commands.sum();
    while (System.nanoTime() - started < max.toNanos()) {
      Thread.sleep(1000);
      long now = commands.sum();
      if (now - before < 20) {
        break;
      }
      before = now;
      windowStart = System.nanoTime();
    }
    return Duration.ofNanos(windowStart - started);
  }

  /** Commands run so far. */
  long commands() {
    return commands.sum();
  }

  /** CPU time its threads have spent on commands so far; 0 where not measurable. */
  long cpuNanos() {
    return cpuNanos.sum();
  }
}
