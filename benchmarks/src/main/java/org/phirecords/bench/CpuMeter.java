package org.phirecords.bench;

import java.time.Duration;

/**
 * The CPU that a measured period cost Payara (its whole process: request threads, asynchronous
 * audit work, garbage collection, compilation) and the store (its threads' time on commands), per
 * operation: the cost of protection in a form that does not depend on how the two sides' work
 * shares the cores, as a throughput ratio does (on a shared machine CPU time stretches too, so one
 * run is one sample). Work left queued when the period ends (see {@code storeBusyAfterSeconds}) is
 * not counted; work queued by the warm-up and done during the period is.
 */
final class CpuMeter {
  /** CPU per operation in microseconds; -1 where the process's CPU time cannot be read. */
  record PerOperation(double payaraMicros, double storeMicros) {}

  private final ProcessHandle payara;
  private final ProfiledStore store;
  private long payaraStart;
  private long storeStart;

  CpuMeter(ProcessHandle payara, ProfiledStore store) {
    this.payara = payara;
    this.store = store;
  }

  /** Marks the start of a measured period. */
  void start() {
    payaraStart = payaraNanos();
    storeStart = store.cpuNanos();
  }

  /** The CPU per operation since {@link #start()}, for {@code operations} operations. */
  PerOperation stop(long operations) {
    long payaraEnd = payaraNanos();
    long storeEnd = store.cpuNanos();
    if (operations == 0) {
      return new PerOperation(-1, -1);
    }
    double payaraMicros =
        payaraStart < 0 || payaraEnd < 0 ? -1 : (payaraEnd - payaraStart) / 1e3 / operations;
    return new PerOperation(payaraMicros, (storeEnd - storeStart) / 1e3 / operations);
  }

  /**
   * Payara's CPU while no request reaches it, in milliseconds per second over {@code period} (-1
   * where unreadable): its background work, which every operation's figure includes a share of, the
   * larger the fewer operations a second.
   */
  double payaraIdleMillisPerSecond(Duration period) throws InterruptedException {
    long before = payaraNanos();
    long started = System.nanoTime();
    Thread.sleep(period.toMillis());
    long after = payaraNanos();
    double seconds = (System.nanoTime() - started) / 1e9;
    return before < 0 || after < 0 ? -1 : (after - before) / 1e6 / seconds;
  }

  private long payaraNanos() {
    return payara.info().totalCpuDuration().map(Duration::toNanos).orElse(-1L);
  }
}
