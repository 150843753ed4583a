package org.phirecords.bench;

import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.backend.memory.MemoryDatabase;
import de.bwaldvogel.mongo.backend.memory.index.MemoryUniqueIndex;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.message.MongoMessage;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;

/**
 * The in-memory store of a run, timing every command by its shape (command, collection, the field
 * names of its filter and sort; never values), so that a run shows where the store's time goes: a
 * query the store cannot serve from an index stands out by its mean. Each command is timed twice:
 * on the clock, and in the CPU time of the thread that ran it. The two part where the store waited
 * for a core (the store shares the machine with Payara) or for a lock, and the clock alone would
 * blame the query for it.
 */
final class ProfiledStore extends MemoryBackend {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private record Totals(LongAdder count, LongAdder nanos, LongAdder cpuNanos) {}

  private final boolean cpuTimed = THREADS.isCurrentThreadCpuTimeSupported();

  private final Map<String, Totals> byShape = new ConcurrentHashMap<>();
  private final LongAdder commands = new LongAdder();

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
    // The clock's window encloses the CPU clock's, so that a command's CPU time cannot exceed
    // its time on the clock by what reading the CPU clock costs.
    long start = System.nanoTime();
    long cpuStart = cpuTimed ? THREADS.getCurrentThreadCpuTime() : 0;
    try {
      return super.handleMessage(message);
    } finally {
      long cpu = cpuTimed ? THREADS.getCurrentThreadCpuTime() - cpuStart : 0;
      long elapsed = System.nanoTime() - start; // the command alone, not its shape's naming
      Totals t =
          byShape.computeIfAbsent(
              shape(message.getDocument()),
              k -> new Totals(new LongAdder(), new LongAdder(), new LongAdder()));
      t.count().increment();
      t.nanos().add(elapsed);
      t.cpuNanos().add(cpu);
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

  /** CPU time its threads have spent on commands so far, all shapes; 0 where not measurable. */
  long cpuNanos() {
    return byShape.values().stream().mapToLong(t -> t.cpuNanos().sum()).sum();
  }

  /** Forgets what was timed so far (the load), so that the profile covers the measurements. */
  void reset() {
    byShape.clear();
  }

  /**
   * The {@code limit} shapes with the most time, most first; {@code meanCpuMicros} is -1 where the
   * JVM cannot time a thread's CPU.
   */
  JsonArrayBuilder top(int limit) {
    JsonArrayBuilder rows = Json.createArrayBuilder();
    byShape.entrySet().stream()
        .sorted(
            Comparator.comparingLong((Map.Entry<String, Totals> e) -> e.getValue().nanos().sum())
                .reversed())
        .limit(limit)
        .forEach(
            e -> {
              long n = e.getValue().count().sum();
              long nanos = e.getValue().nanos().sum();
              long cpuNanos = e.getValue().cpuNanos().sum();
              rows.add(
                  Json.createObjectBuilder()
                      .add("command", e.getKey())
                      .add("count", n)
                      .add("totalMillis", nanos / 1_000_000)
                      .add("meanMicros", n == 0 ? 0 : nanos / n / 1_000)
                      .add("meanCpuMicros", !cpuTimed ? -1 : n == 0 ? 0 : cpuNanos / n / 1_000));
            });
    return rows;
  }

  private static String shape(Document command) {
    if (command == null || command.isEmpty()) {
      return "?";
    }
    String name = command.keySet().iterator().next();
    Object collection = command.get(name);
    StringBuilder b = new StringBuilder(name).append(' ').append(collection);
    for (String part : List.of("filter", "query", "sort")) {
      if (command.get(part) instanceof Document d) {
        b.append(' ').append(part).append('=').append(keys(d));
      }
    }
    for (String part : List.of("updates", "deletes")) {
      if (command.get(part) instanceof List<?> list
          && !list.isEmpty()
          && list.get(0) instanceof Document first
          && first.get("q") instanceof Document q) {
        b.append(' ').append(part).append(".q=").append(keys(q));
      }
    }
    return b.toString();
  }

  /** The field names of a filter, sorted, operators kept, values dropped. */
  private static String keys(Document d) {
    return new TreeMap<>(d)
        .entrySet().stream()
            .map(e -> e.getKey() + inner(e.getValue()))
            .collect(Collectors.joining(",", "{", "}"));
  }

  /** What follows a field name: its operators, or the shapes of the filters of a list. */
  private static String inner(Object value) {
    if (value instanceof Document sub
        && !sub.isEmpty()
        && sub.keySet().iterator().next().startsWith("$")) {
      return ":" + keys(sub);
    }
    if (value instanceof List<?> list) {
      return list.stream()
          .map(x -> x instanceof Document sd ? keys(sd) : "?")
          .distinct()
          .collect(Collectors.joining(",", ":[", "]"));
    }
    return "";
  }
}
