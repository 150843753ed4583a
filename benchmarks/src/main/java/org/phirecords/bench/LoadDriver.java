package org.phirecords.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Runs one operation at a fixed concurrency (closed loop: each worker starts its next operation
 * when the previous one ends) for a warm-up, then a measured period; latencies go to an
 * HdrHistogram.
 */
final class LoadDriver {
  /** One operation, given a random number source; throws on any failure (counted as an error). */
  interface Operation {
    void run(ThreadLocalRandom random) throws Exception;
  }

  /**
   * What a measured period gave; {@code errorKinds}: how many errors of each kind (the exception's
   * class, and for a refusal its status and problem code: never a path or a value).
   */
  record Result(
      long operations,
      long errors,
      double seconds,
      double p50Millis,
      double p99Millis,
      Map<String, Long> errorKinds) {
    double throughput() {
      return operations / seconds;
    }
  }

  private LoadDriver() {}

  private static String kind(Exception e) {
    return e instanceof Http.Refused refused
        ? "HTTP " + refused.status() + (refused.code() == null ? "" : " " + refused.code())
        : e.getClass().getName();
  }

  static Result run(Operation op, int concurrency, double warmupSeconds, double seconds)
      throws InterruptedException {
    return run(op, concurrency, warmupSeconds, seconds, () -> {});
  }

  /** As above; {@code measuring} runs once the warm-up is over, as the measured period starts. */
  static Result run(
      Operation op, int concurrency, double warmupSeconds, double seconds, Runnable measuring)
      throws InterruptedException {
    loop(op, concurrency, warmupSeconds, new Recorder(3), new ConcurrentHashMap<>());
    measuring.run();
    Recorder recorder = new Recorder(3);
    Map<String, LongAdder> errors = new ConcurrentHashMap<>();
    long started = System.nanoTime();
    loop(op, concurrency, seconds, recorder, errors);
    double elapsed = (System.nanoTime() - started) / 1e9;
    Histogram h = recorder.getIntervalHistogram();
    Map<String, Long> kinds = new TreeMap<>();
    errors.forEach((kind, n) -> kinds.put(kind, n.sum()));
    return new Result(
        h.getTotalCount(),
        kinds.values().stream().mapToLong(Long::longValue).sum(),
        elapsed,
        h.getValueAtPercentile(50) / 1e6,
        h.getValueAtPercentile(99) / 1e6,
        kinds);
  }

  private static void loop(
      Operation op,
      int concurrency,
      double seconds,
      Recorder recorder,
      Map<String, LongAdder> errors)
      throws InterruptedException {
    long end = System.nanoTime() + (long) (seconds * 1e9);
    ExecutorService pool = Executors.newFixedThreadPool(concurrency);
    List<Future<?>> workers = new ArrayList<>();
    for (int i = 0; i < concurrency; i++) {
      workers.add(
          pool.submit(
              () -> {
                ThreadLocalRandom random = ThreadLocalRandom.current();
                while (System.nanoTime() < end) {
                  long t0 = System.nanoTime();
                  try {
                    op.run(random);
                    recorder.recordValue(System.nanoTime() - t0);
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                  } catch (Exception e) {
                    errors.computeIfAbsent(kind(e), k -> new LongAdder()).increment();
                  }
                }
              }));
    }
    pool.shutdown();
    if (!pool.awaitTermination((long) seconds + 120, TimeUnit.SECONDS)) {
      pool.shutdownNow();
    }
  }
}
