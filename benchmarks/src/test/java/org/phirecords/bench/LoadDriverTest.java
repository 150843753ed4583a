package org.phirecords.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LoadDriverTest {
  @Test
  void errorsAreCountedByKindWithoutPathsOrValues() throws Exception {
    AtomicLong calls = new AtomicLong();
    LoadDriver.Result r =
        LoadDriver.run(
            random -> {
              long n = calls.incrementAndGet();
              if (n % 3 == 1) {
                throw new Http.Refused("GET /api/patients/p-123", 409, "version-conflict");
              }
              if (n % 3 == 2) {
                throw new IllegalStateException("no id in the answer for p-123");
              }
            },
            1,
            0,
            0.2);

    assertThat(r.errorKinds())
        .containsOnlyKeys("HTTP 409 version-conflict", IllegalStateException.class.getName());
    assertThat(r.errors())
        .isEqualTo(r.errorKinds().values().stream().mapToLong(Long::longValue).sum())
        .isPositive();
    assertThat(r.operations()).as("the calls that did not throw").isPositive();
    assertThat(r.errorKinds().toString()).doesNotContain("p-123");
  }
}
