package org.phirecords.internal.audit.chain;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Logger;
import org.phirecords.audit.ChainCheckpoint;

/**
 * Takes sealed checkpoints of the chains this instance extends, at most one per chain and interval
 * ({@code records.audit.checkpoint-interval-seconds}, default 60), and hands them to a consumer
 * (the audit sinks), never to the audit store: no request pays a store round trip for them.
 *
 * <p>The writer reports each durable batch ({@link #advanced}); that costs a map lookup. The first
 * batch after a quiet interval is checkpointed at once; later ones within the interval are
 * checkpointed when it ends, by a timer, so the newest link written is sealed in a checkpoint at
 * most one interval after it was acknowledged, even when the chain then stays idle.
 */
public final class ChainCheckpoints {
  private static final Logger LOG = Logger.getLogger(ChainCheckpoints.class.getName());

  /** One daemon timer thread for every instance of this class; it stops when idle. */
  private static final ScheduledThreadPoolExecutor TIMER = timer();

  private final ChainKey key;
  private final Duration interval;
  private final Clock clock;
  private final Consumer<ChainCheckpoint> consumer;
  private final Map<String, Chain> chains = new ConcurrentHashMap<>();

  /** What this instance knows of one chain. Guarded by itself. */
  private static final class Chain {
    long seq;
    String hash;
    long checkpointedSeq;
    Instant checkpointedAt = Instant.MIN;
    boolean timerSet;
  }

  /** Checkpoints sealed with {@code key}, every {@code interval}, handed to {@code consumer}. */
  public ChainCheckpoints(
      ChainKey key, Duration interval, Clock clock, Consumer<ChainCheckpoint> consumer) {
    this.key = key;
    this.interval = interval;
    this.clock = clock;
    this.consumer = consumer;
  }

  /** The interval configured in {@code records.audit.checkpoint-interval-seconds} (default 60). */
  public static Duration interval(
      java.util.function.Function<String, java.util.Optional<String>> c) {
    long seconds =
        c.apply("records.audit.checkpoint-interval-seconds").map(Long::parseLong).orElse(60L);
    if (seconds < 0) {
      throw new IllegalStateException("records.audit.checkpoint-interval-seconds must be >= 0");
    }
    return Duration.ofSeconds(seconds);
  }

  /** The chain {@code chain} now ends durably at {@code seq} with link {@code hash}. */
  void advanced(String chain, long seq, String hash) {
    Chain c = chains.computeIfAbsent(chain, k -> new Chain());
    ChainCheckpoint due = null;
    synchronized (c) {
      if (seq <= c.seq) {
        return;
      }
      c.seq = seq;
      c.hash = hash;
      Instant now = clock.instant();
      Instant next = c.checkpointedAt.equals(Instant.MIN) ? now : c.checkpointedAt.plus(interval);
      if (!now.isBefore(next)) {
        due = take(chain, c, now);
      } else if (!c.timerSet) {
        c.timerSet = true;
        TIMER.schedule(
            () -> flush(chain), Duration.between(now, next).toNanos(), TimeUnit.NANOSECONDS);
      }
    }
    hand(due);
  }

  private void flush(String chain) {
    Chain c = chains.get(chain);
    ChainCheckpoint due = null;
    synchronized (c) {
      c.timerSet = false;
      if (c.seq > c.checkpointedSeq) {
        due = take(chain, c, clock.instant());
      }
    }
    hand(due);
  }

  private ChainCheckpoint take(String chain, Chain c, Instant now) {
    c.checkpointedSeq = c.seq;
    c.checkpointedAt = now;
    return seal(key, chain, c.seq, c.hash, now);
  }

  private void hand(ChainCheckpoint checkpoint) {
    if (checkpoint == null) {
      return;
    }
    try {
      consumer.accept(checkpoint);
    } catch (RuntimeException e) {
      LOG.warning("audit chain checkpoint not delivered: " + e.getClass().getName());
    }
  }

  /** A checkpoint of {@code chain} at {@code seq} sealed with {@code key}. */
  public static ChainCheckpoint seal(
      ChainKey key, String chain, long seq, String hash, Instant at) {
    Instant millis = at.truncatedTo(ChronoUnit.MILLIS);
    return new ChainCheckpoint(
        chain, seq, hash, millis, key.id(), mac(key, chain, seq, hash, millis));
  }

  /** The seal of a checkpoint's fields under {@code key}. */
  static String mac(ChainKey key, String chain, long seq, String hash, Instant at) {
    return key.seal(
        new Canonical("phi-records audit checkpoint")
            .add(chain)
            .add(seq)
            .add(hash)
            .add(at.toEpochMilli())
            .add(key.id())
            .bytes());
  }

  private static ScheduledThreadPoolExecutor timer() {
    ScheduledThreadPoolExecutor timer =
        new ScheduledThreadPoolExecutor(
            1,
            run -> {
              Thread t = new Thread(run, "audit-chain-checkpoints");
              t.setDaemon(true);
              return t;
            });
    timer.setKeepAliveTime(10, TimeUnit.SECONDS);
    timer.allowCoreThreadTimeOut(true);
    timer.setRemoveOnCancelPolicy(true);
    return timer;
  }
}
