package org.phirecords.internal.audit.trail;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.NotificationOptions;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import javax.naming.InitialContext;
import javax.naming.NamingException;

/**
 * The threads that notify asynchronous observers of stored audit events ({@code @ObservesAsync
 * AuditEvent}: the anomaly alerts, the audit sinks, a vendor's own observers).
 *
 * <p>Without this, every {@code fireAsync} went to the container's managed executor, which captures
 * the application's context for each task; in Payara that is a class-loader resource scan per task,
 * about 6% of the server's CPU under load (a profile in benchmarks/results/HISTORY.md). Here the
 * context is captured once, when the container's managed thread factory makes the threads.
 *
 * <p>Nothing is dropped: when the queue is full the request thread that stored the event notifies
 * the observers itself, which slows producers instead of losing notifications. (The event is
 * durable before any observer hears of it; observers are never the record.)
 */
@ApplicationScoped
public class AuditObserverThreads {
  static final int THREADS = 2;
  static final int QUEUE = 10_000;

  private ThreadFactory threads;
  private Executor containerExecutor;
  private volatile ThreadPoolExecutor executor;

  /** Without threads: stored events are fired the container's way. */
  public AuditObserverThreads() {}

  /**
   * Notifies on threads of {@code threads}; where none can be made, on {@code containerExecutor}.
   */
  AuditObserverThreads(ThreadFactory threads, Executor containerExecutor) {
    this.threads = threads;
    this.containerExecutor = containerExecutor;
  }

  /**
   * Finds the container's default managed thread factory (its threads carry the application's
   * context) and managed executor (for when no managed thread can be made here); without them,
   * events are fired the container's way.
   */
  @PostConstruct
  void findContainerThreads() {
    try {
      threads = InitialContext.doLookup("java:comp/DefaultManagedThreadFactory");
      containerExecutor = InitialContext.doLookup("java:comp/DefaultManagedExecutorService");
    } catch (NamingException | RuntimeException none) {
      threads = null;
      containerExecutor = null;
    }
  }

  /** How to fire a stored event: on these threads, or (no thread factory) the container's way. */
  NotificationOptions options() {
    return threads == null || containerExecutor == null
        ? NotificationOptions.builder().build()
        : NotificationOptions.ofExecutor(this::execute);
  }

  /**
   * Runs {@code notification} on a pool thread; where none can be made (the container refuses
   * managed threads outside a component's context, e.g. on the thread that starts the application),
   * on the container's managed executor, as every notification went before. The pool did not accept
   * the task then, so it runs exactly once.
   */
  private void execute(Runnable notification) {
    try {
      executor().execute(notification);
    } catch (IllegalStateException noThreadHere) {
      containerExecutor.execute(notification);
    }
  }

  private ThreadPoolExecutor executor() {
    ThreadPoolExecutor e = executor;
    if (e == null) {
      synchronized (this) {
        if (executor == null) {
          executor =
              new ThreadPoolExecutor(
                  THREADS,
                  THREADS,
                  0,
                  TimeUnit.MILLISECONDS,
                  new ArrayBlockingQueue<>(QUEUE),
                  threads,
                  (notification, full) -> notification.run()); // full or stopped: caller runs
        }
        e = executor;
      }
    }
    return e;
  }

  /** Lets queued notifications finish (briefly) when the application stops. */
  @PreDestroy
  void stop() {
    ThreadPoolExecutor e = executor;
    if (e != null) {
      e.shutdown();
      try {
        e.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
