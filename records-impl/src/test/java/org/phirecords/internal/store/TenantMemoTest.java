package org.phirecords.internal.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.phirecords.model.TenantId;

class TenantMemoTest {
  private static final TenantId A = new TenantId("tenant-a");
  private static final TenantId B = new TenantId("tenant-b");
  private final AtomicInteger reads = new AtomicInteger();
  private final TenantMemo<String> memo = new TenantMemo<>();

  private String read(TenantId tenant) {
    return tenant.value() + "#" + reads.incrementAndGet();
  }

  @Test
  void aValueIsReadOncePerPeriodPerTenantAndAgainAfterForget() throws Exception {
    Duration period = Duration.ofMillis(300);
    assertThat(memo.get(A, period, this::read)).isEqualTo("tenant-a#1");
    assertThat(memo.get(A, period, this::read)).isEqualTo("tenant-a#1");
    assertThat(memo.get(B, period, this::read)).isEqualTo("tenant-b#2");
    memo.forget(A);
    assertThat(memo.get(A, period, this::read)).isEqualTo("tenant-a#3");
    Thread.sleep(period.toMillis() + 50);
    assertThat(memo.get(A, period, this::read)).isEqualTo("tenant-a#4");
  }

  @Test
  void aFailedReadKeepsNothing() {
    assertThatThrownBy(
            () ->
                memo.get(
                    A,
                    Duration.ofMinutes(1),
                    t -> {
                      throw new IllegalStateException("store down");
                    }))
        .isInstanceOf(IllegalStateException.class);
    assertThat(memo.get(A, Duration.ofMinutes(1), this::read)).isEqualTo("tenant-a#1");
  }

  @Test
  void concurrentUsesOfATenantsValueShareOneRead() throws Exception {
    CountDownLatch reading = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Function<TenantId, String> slowRead =
        t -> {
          reading.countDown();
          try {
            release.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return read(t);
        };
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<String> first = pool.submit(() -> memo.get(A, Duration.ofMinutes(1), slowRead));
      reading.await();
      Future<String> second = pool.submit(() -> memo.get(A, Duration.ofMinutes(1), slowRead));
      Thread.sleep(100); // the second use waits for the first read instead of reading itself
      release.countDown();
      assertThat(first.get()).isEqualTo("tenant-a#1");
      assertThat(second.get()).isEqualTo("tenant-a#1");
      assertThat(reads).hasValue(1);
    } finally {
      pool.shutdownNow();
    }
  }
}
