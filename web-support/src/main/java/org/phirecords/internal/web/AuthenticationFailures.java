package org.phirecords.internal.web;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import org.phirecords.audit.AuditAction;
import org.phirecords.audit.RequestAudit;
import org.phirecords.audit.ResourceType;
import org.phirecords.internal.config.RecordsConfig;

/**
 * Failed authentication per client address (a missing, bad or idle token): the limit and the audit
 * of a flood (ADR 18). Each address has intervals of {@code
 * records.http.auth-failures.window-seconds} (default 60), the first starting at its first failure.
 *
 * <ul>
 *   <li>The first failure of an interval is audited at once, as before, failing closed.
 *   <li>Every further refusal in the interval (401 or 429) is counted; when the interval has ended
 *       its count is audited as one event, operation {@value #SUMMARY}, with the count as result
 *       count. The sweep runs every few seconds; an interval also ends when its address fails again
 *       after it.
 *   <li>Once the address has {@code records.http.auth-failures.limit} failures (default 20) in the
 *       interval, it is answered 429 {@code PHR-429-01} with {@code Retry-After} until the interval
 *       ends, before any token is verified.
 * </ul>
 *
 * At most {@link #MAX_ADDRESSES} addresses are tracked per instance (Caffeine); one pushed out
 * early has its count audited. Each instance counts on its own.
 */
@ApplicationScoped
public class AuthenticationFailures {
  /** The operation of the events that count refusals. */
  public static final String SUMMARY = "authentication-failures";

  static final int MAX_ADDRESSES = 100_000;
  private static final Logger LOG = Logger.getLogger(AuthenticationFailures.class.getName());

  private RequestAudit audit;
  private Clock clock;
  private int limit;
  private Duration window;
  private final Queue<Interval> unwritten = new ConcurrentLinkedQueue<>();
  private final Cache<String, Interval> intervals =
      Caffeine.newBuilder()
          .maximumSize(MAX_ADDRESSES)
          .executor(Runnable::run)
          .removalListener(
              (String address, Interval i, RemovalCause cause) -> {
                if (cause.wasEvicted() && i != null) {
                  unwritten.add(i);
                }
              })
          .build();

  private transient ScheduledFuture<?> sweeping;

  /** For CDI. */
  protected AuthenticationFailures() {}

  /** With the settings of {@code config}, auditing through {@code audit}. */
  @Inject
  public AuthenticationFailures(RequestAudit audit, RecordsConfig config) {
    this(
        audit,
        Clock.systemUTC(),
        config.value("records.http.auth-failures.limit").map(Integer::parseInt).orElse(20),
        Duration.ofSeconds(
            config
                .value("records.http.auth-failures.window-seconds")
                .map(Long::parseLong)
                .orElse(60L)));
  }

  /** With {@code limit} failures per {@code window}, time from {@code clock} (tests). */
  AuthenticationFailures(RequestAudit audit, Clock clock, int limit, Duration window) {
    this.audit = audit;
    this.clock = clock;
    this.limit = limit;
    this.window = window;
  }

  /** Sweeps ended intervals on the container's scheduler; without one, at each failure only. */
  @PostConstruct
  void schedule() {
    try {
      ManagedScheduledExecutorService scheduler =
          javax.naming.InitialContext.doLookup("java:comp/DefaultManagedScheduledExecutorService");
      long every = Math.max(1, Math.min(window.toSeconds() / 4, 15));
      sweeping = scheduler.scheduleWithFixedDelay(this::sweep, every, every, TimeUnit.SECONDS);
    } catch (javax.naming.NamingException | RuntimeException e) {
      LOG.warning("no container scheduler: failed-authentication counts are audited lazily");
    }
  }

  /** Writes what is counted before the application stops. */
  @PreDestroy
  void stop() {
    if (sweeping != null) {
      sweeping.cancel(false);
    }
    intervals.asMap().values().forEach(unwritten::add);
    intervals.invalidateAll();
    writeUnwritten();
  }

  /**
   * Seconds until {@code address} may try again if it is over the limit now (the refusal is
   * counted); empty if it may try.
   */
  public OptionalLong retryAfter(String address) {
    Interval i = intervals.getIfPresent(address);
    Instant now = clock.instant();
    if (i == null || !i.end.isAfter(now)) {
      return OptionalLong.empty();
    }
    synchronized (i) {
      if (i.failures < limit) {
        return OptionalLong.empty();
      }
      i.failures++;
      i.uncounted++;
    }
    long millis = Duration.between(now, i.end).toMillis();
    return OptionalLong.of(Math.max(1, (millis + 999) / 1000));
  }

  /**
   * Counts a failed authentication of {@code address}: the first of its interval is audited now (as
   * {@code operation}, {@code action} on {@code type}), later ones when the interval ends.
   *
   * @throws org.phirecords.error.AuditUnavailableException if the first cannot be audited
   */
  public void failed(String address, String operation, AuditAction action, ResourceType type) {
    Instant now = clock.instant();
    Interval ended = intervals.getIfPresent(address);
    if (ended != null && !ended.end.isAfter(now) && intervals.asMap().remove(address, ended)) {
      write(ended);
    }
    Interval i = intervals.get(address, a -> new Interval(a, now.plus(window)));
    boolean first;
    synchronized (i) {
      i.failures++;
      first = !i.firstWritten;
      if (first) {
        i.firstWritten = true;
      } else {
        i.uncounted++;
      }
    }
    if (first) {
      try {
        audit.unauthenticated(operation, action, type, address, 1);
      } catch (RuntimeException e) {
        synchronized (i) {
          i.firstWritten = false;
        }
        throw e;
      }
    }
  }

  /** Audits the counts of intervals that have ended, and of any not written before. */
  public void sweep() {
    Instant now = clock.instant();
    intervals
        .asMap()
        .forEach(
            (address, i) -> {
              if (!i.end.isAfter(now) && intervals.asMap().remove(address, i)) {
                unwritten.add(i);
              }
            });
    writeUnwritten();
  }

  private void writeUnwritten() {
    for (int n = unwritten.size(); n > 0; n--) {
      Interval i = unwritten.poll();
      if (i == null) {
        return;
      }
      write(i);
    }
  }

  /** Audits the count of {@code i}, if any; kept for the next sweep if the trail is down. */
  private void write(Interval i) {
    int count;
    synchronized (i) {
      count = i.uncounted;
      i.uncounted = 0;
    }
    if (count == 0) {
      return;
    }
    try {
      audit.unauthenticated(SUMMARY, AuditAction.READ, ResourceType.ENDPOINT, i.address, count);
    } catch (RuntimeException e) {
      synchronized (i) {
        i.uncounted += count;
      }
      unwritten.add(i);
      LOG.warning("failed-authentication count not audited yet: " + e.getClass().getName());
    }
  }

  /** One address's current interval. */
  private static final class Interval {
    final String address;
    final Instant end;
    int failures;
    int uncounted;
    boolean firstWritten;

    Interval(String address, Instant end) {
      this.address = address;
      this.end = end;
    }
  }
}
