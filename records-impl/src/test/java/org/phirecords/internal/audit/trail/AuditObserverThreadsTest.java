package org.phirecords.internal.audit.trail;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class AuditObserverThreadsTest {
  @Test
  void notificationsRunOnThePoolAndNoneIsLostWhenTheQueueIsFullOrThePoolHasStopped()
      throws Exception {
    AuditObserverThreads observers =
        new AuditObserverThreads(r -> new Thread(r, "observer"), Runnable::run);
    Executor executor = observers.options().getExecutor();
    CountDownLatch release = new CountDownLatch(1);
    Set<String> ranOn = ConcurrentHashMap.newKeySet();
    AtomicInteger ran = new AtomicInteger();
    // Two pool threads held up, the queue filled, and some more: the surplus runs on the caller.
    int total = AuditObserverThreads.THREADS + AuditObserverThreads.QUEUE + 50;
    for (int i = 0; i < total; i++) {
      executor.execute(
          () -> {
            ranOn.add(Thread.currentThread().getName());
            ran.incrementAndGet();
            if (Thread.currentThread().getName().equals("observer")) {
              awaitQuietly(release); // holds the pool until every task is handed over
            }
          });
      if (i == total - 1) {
        release.countDown();
      }
    }
    observers.stop();
    assertThat(ran.get()).isEqualTo(total);
    assertThat(ranOn).contains("observer", Thread.currentThread().getName());

    int before = ran.get();
    executor.execute(ran::incrementAndGet); // stopped: still notified, on the caller
    assertThat(ran.get()).isEqualTo(before + 1);
  }

  @Test
  void whereNoManagedThreadCanBeMadeTheContainersExecutorNotifiesExactlyOnce() {
    AtomicInteger handedToContainer = new AtomicInteger();
    AuditObserverThreads observers =
        new AuditObserverThreads(
            r -> {
              throw new IllegalStateException("no component context");
            },
            r -> {
              handedToContainer.incrementAndGet();
              r.run();
            });
    AtomicInteger ran = new AtomicInteger();
    observers.options().getExecutor().execute(ran::incrementAndGet);
    assertThat(ran.get()).isEqualTo(1);
    assertThat(handedToContainer.get()).isEqualTo(1);
  }

  @Test
  void withoutAThreadFactoryTheContainersDefaultIsUsed() {
    assertThat(new AuditObserverThreads().options().getExecutor()).isNull();
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
