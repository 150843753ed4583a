package org.phirecords.internal.meter;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One request's store commands: those issued on its thread, by kind, and the acknowledged writes it
 * waited on in order ("sequential acknowledged writes on the request path"), of which some were
 * written for several requests at once (a group commit of the audit chain): each such write counts
 * once in every tally that waited on it, and once in the store's totals.
 *
 * <p>A request opens its tally on its thread ({@link #begin()}) and closes it when its answer is
 * ready ({@link #end()}). Code that writes on behalf of other requests (a batch of audit events)
 * hands their tallies to {@link #writingFor(List)} around the writes. Counts only: never a value.
 */
public final class RequestTally {
  private static final ThreadLocal<RequestTally> CURRENT = new ThreadLocal<>();
  private static final ThreadLocal<List<RequestTally>> WRITING_FOR = new ThreadLocal<>();

  private final AtomicInteger reads = new AtomicInteger();
  private final AtomicInteger writes = new AtomicInteger();
  private final AtomicInteger others = new AtomicInteger();
  private final AtomicInteger sequentialWrites = new AtomicInteger();
  private final AtomicInteger sharedWrites = new AtomicInteger();

  /** Opens a tally for the request running on this thread, replacing any left open. */
  public static RequestTally begin() {
    RequestTally t = new RequestTally();
    CURRENT.set(t);
    return t;
  }

  /** Closes this thread's tally and returns it; null if none was open. */
  public static RequestTally end() {
    RequestTally t = CURRENT.get();
    CURRENT.remove();
    return t;
  }

  /** The tally of the request running on this thread; null outside a request. */
  public static RequestTally current() {
    return CURRENT.get();
  }

  /**
   * Marks this thread as writing for {@code waiters} (tallies of requests waiting on the writes;
   * null entries ignored) until the returned scope closes: each acknowledged write it issues
   * meanwhile counts once for each of them (and for this thread's own request, which waits too), as
   * shared when more than one request waits on it.
   */
  public static Scope writingFor(List<RequestTally> waiters) {
    List<RequestTally> before = WRITING_FOR.get();
    List<RequestTally> distinct = new ArrayList<>(waiters.size());
    for (RequestTally w : waiters) {
      if (w != null && !distinct.contains(w)) {
        distinct.add(w);
      }
    }
    WRITING_FOR.set(distinct);
    return () -> {
      if (before == null) {
        WRITING_FOR.remove();
      } else {
        WRITING_FOR.set(before);
      }
    };
  }

  /** What {@link #writingFor(List)} returns: closing it ends the shared writing. */
  public interface Scope extends AutoCloseable {
    @Override
    void close();
  }

  /**
   * Counts a command issued on this thread; returns how many requests an acknowledged write was
   * charged to (0 for anything else or outside any request), for the meter's totals.
   */
  static int onCommand(CommandKind kind, boolean acknowledgedWrite) {
    RequestTally own = CURRENT.get();
    if (own != null) {
      switch (kind) {
        case READ -> own.reads.incrementAndGet();
        case WRITE -> own.writes.incrementAndGet();
        case OTHER -> own.others.incrementAndGet();
      }
    }
    if (!acknowledgedWrite) {
      return 0;
    }
    List<RequestTally> waiters = WRITING_FOR.get();
    if (waiters == null || waiters.isEmpty()) {
      if (own != null) {
        own.sequentialWrites.incrementAndGet();
        return 1;
      }
      return 0;
    }
    int charged = waiters.size() + (own != null && !waiters.contains(own) ? 1 : 0);
    for (RequestTally w : waiters) {
      w.charge(charged > 1);
    }
    if (own != null && !waiters.contains(own)) {
      own.charge(charged > 1);
    }
    return charged;
  }

  private void charge(boolean shared) {
    sequentialWrites.incrementAndGet();
    if (shared) {
      sharedWrites.incrementAndGet();
    }
  }

  /** Commands of {@code kind} issued on the request's thread. */
  public int commands(CommandKind kind) {
    return switch (kind) {
      case READ -> reads.get();
      case WRITE -> writes.get();
      case OTHER -> others.get();
    };
  }

  /** Acknowledged writes the request waited on, one after another, its own and shared ones. */
  public int sequentialWrites() {
    return sequentialWrites.get();
  }

  /** Of {@link #sequentialWrites()}, those written for more than one request at once. */
  public int sharedWrites() {
    return sharedWrites.get();
  }

  /** For a log line: counts only. */
  @Override
  public String toString() {
    return String.format(
        "store commands: %d reads, %d writes, %d other; sequential acknowledged writes %d (%d"
            + " shared)",
        reads.get(), writes.get(), others.get(), sequentialWrites.get(), sharedWrites.get());
  }
}
