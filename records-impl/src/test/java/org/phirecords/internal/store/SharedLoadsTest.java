package org.phirecords.internal.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.mongodb.MongoTimeoutException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Concurrent misses share one read and its outcome; nothing failed or absent is kept. */
class SharedLoadsTest {
  private final AsyncCache<String, String> cache =
      Caffeine.newBuilder().executor(Runnable::run).buildAsync();

  @Test
  void callersWaitingOnAFailingReadShareItsFailureInsteadOfEachReadingAgain() throws Exception {
    AtomicInteger reads = new AtomicInteger();
    CountDownLatch reading = new CountDownLatch(1);
    CountDownLatch fail = new CountDownLatch(1);
    ExecutorService callers = Executors.newFixedThreadPool(4);
    try {
      Future<String> first =
          callers.submit(
              () ->
                  SharedLoads.get(
                      cache,
                      "t",
                      () -> {
                        reads.incrementAndGet();
                        reading.countDown();
                        await(fail);
                        throw new MongoTimeoutException("store unreachable");
                      }));
      assertThat(reading.await(10, TimeUnit.SECONDS)).isTrue();
      Future<?>[] waiting = new Future<?>[3];
      for (int i = 0; i < waiting.length; i++) {
        waiting[i] =
            callers.submit(
                () ->
                    SharedLoads.get(
                        cache,
                        "t",
                        () -> {
                          reads.incrementAndGet();
                          return "read again";
                        }));
      }
      Thread.sleep(200); // the three reach the cache and wait on the first read
      fail.countDown();
      assertThatThrownBy(() -> first.get(10, TimeUnit.SECONDS))
          .hasCauseInstanceOf(MongoTimeoutException.class);
      for (Future<?> f : waiting) {
        assertThatThrownBy(() -> f.get(10, TimeUnit.SECONDS))
            .hasCauseInstanceOf(MongoTimeoutException.class);
      }
    } finally {
      callers.shutdownNow();
    }
    assertThat(reads).as("one read for four callers").hasValue(1);
    assertThat(SharedLoads.get(cache, "t", () -> "back"))
        .as("the failure is not kept")
        .isEqualTo("back");
    assertThat(SharedLoads.get(cache, "t", () -> "again")).as("a value is kept").isEqualTo("back");
  }

  @Test
  void absenceIsNotKept() {
    assertThat(SharedLoads.<String>get(cache, "u", () -> null)).isNull();
    assertThat(SharedLoads.get(cache, "u", () -> "now")).isEqualTo("now");
  }

  private static void await(CountDownLatch latch) {
    try {
      assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
