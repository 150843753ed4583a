package org.phirecords.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
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

  /** What a measured period gave. */
  record Result(long operations, long errors, double seconds, double p50Millis, double p99Millis) {
    double throughput() {
      return operations / seconds;
    }
  }

  private LoadDriver() {}

  static Result run(Operation op, int concurrency, double warmupSeconds, double seconds)
      throws InterruptedException {
    loop(op, concurrency, warmupSeconds, new Recorder(3), new AtomicLong());
    Recorder recorder = new Recorder(3);
    AtomicLong errors = new AtomicLong();
    long started = System.nanoTime();
    loop(op, concurrency, seconds, recorder, errors);
    double elapsed = (System.nanoTime() - started) / 1e9;
    Histogram h = recorder.getIntervalHistogram();
    return new Result(
        h.getTotalCount(),
        errors.get(),
        elapsed,
        h.getValueAtPercentile(50) / 1e6,
        h.getValueAtPercentile(99) / 1e6);
  }

  private static void loop(
      Operation op, int concurrency, double seconds, Recorder recorder, AtomicLong errors)
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
                    errors.incrementAndGet();
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
