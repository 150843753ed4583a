package org.phirecords.internal.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.reset;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.verifyNoMoreInteractions;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.phirecords.audit.AuditAction;
import org.phirecords.audit.RequestAudit;
import org.phirecords.audit.ResourceType;
import org.phirecords.error.AuditUnavailableException;

/** The limit on failed authentication per address, and how a flood is audited. */
class AuthenticationFailuresTest {
  private static final String X = "203.0.113.9";
  private static final String Y = "198.51.100.4";
  private final RequestAudit audit = mock(RequestAudit.class);
  private Instant now = Instant.parse("2026-12-06T10:00:00Z");
  private final Clock clock =
      new Clock() {
        @Override
        public Instant instant() {
          return now;
        }

        @Override
        public java.time.ZoneId getZone() {
          return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
          return this;
        }
      };
  private final AuthenticationFailures failures =
      new AuthenticationFailures(audit, clock, 5, Duration.ofSeconds(60));

  private void fail(String address) {
    failures.failed(address, "GET", AuditAction.READ, ResourceType.ENDPOINT);
  }

  @Test
  void theLimitAnswersAnAddressUntilItsIntervalEndsAndOthersAreNotAffected() {
    for (int i = 0; i < 4; i++) {
      fail(X);
      assertThat(failures.retryAfter(X)).as("under the limit").isEmpty();
    }
    fail(X);
    now = now.plusSeconds(15);
    assertThat(failures.retryAfter(X)).hasValue(45);
    assertThat(failures.retryAfter(Y)).isEmpty();
    now = now.plusMillis(44_500);
    assertThat(failures.retryAfter(X)).as("rounded up").hasValue(1);
    now = now.plusMillis(500);
    assertThat(failures.retryAfter(X)).as("the interval has ended").isEmpty();
  }

  @Test
  void theFirstFailureOfAnIntervalIsAuditedAtOnceAndTheRestAsOneCountAfterIt() {
    fail(X);
    verify(audit).unauthenticated("GET", AuditAction.READ, ResourceType.ENDPOINT, X, 1);
    for (int i = 0; i < 30; i++) {
      // As the filters do: an address over the limit is answered 429, else its failure counted.
      if (failures.retryAfter(X).isEmpty()) {
        fail(X);
      }
    }
    fail(Y);
    verify(audit).unauthenticated("GET", AuditAction.READ, ResourceType.ENDPOINT, Y, 1);
    failures.sweep();
    verifyNoMoreInteractions(audit);

    now = now.plusSeconds(60);
    failures.sweep();
    // The 30 refusals after the first: 4 more failures (401), then 26 answered 429.
    verify(audit)
        .unauthenticated(
            AuthenticationFailures.SUMMARY, AuditAction.READ, ResourceType.ENDPOINT, X, 30);
    verifyNoMoreInteractions(audit);

    reset(audit);
    failures.sweep();
    fail(X);
    verify(audit).unauthenticated("GET", AuditAction.READ, ResourceType.ENDPOINT, X, 1);
    verifyNoMoreInteractions(audit);
  }

  @Test
  void anEndedIntervalIsAuditedWhenItsAddressFailsAgainWithoutASweep() {
    fail(X);
    fail(X);
    fail(X);
    now = now.plusSeconds(61);
    fail(X);
    verify(audit)
        .unauthenticated(
            AuthenticationFailures.SUMMARY, AuditAction.READ, ResourceType.ENDPOINT, X, 2);
    verify(audit, times(2)).unauthenticated("GET", AuditAction.READ, ResourceType.ENDPOINT, X, 1);
  }

  @Test
  void aFirstFailureThatCannotBeAuditedFailsClosedAndACountWaitsForTheTrail() {
    doThrow(new AuditUnavailableException(new RuntimeException("down")))
        .when(audit)
        .unauthenticated(any(), any(), any(), any(), anyInt());
    assertThatThrownBy(() -> fail(X)).isInstanceOf(AuditUnavailableException.class);
    assertThatThrownBy(() -> fail(X))
        .as("the next failure is the first that is written")
        .isInstanceOf(AuditUnavailableException.class);

    reset(audit);
    fail(X);
    fail(X);
    doThrow(new AuditUnavailableException(new RuntimeException("down")))
        .when(audit)
        .unauthenticated(eq(AuthenticationFailures.SUMMARY), any(), any(), any(), anyInt());
    now = now.plusSeconds(60);
    failures.sweep();
    reset(audit);
    failures.sweep();
    // The two answered 503 (not audited) are not in the count; the one after the first is.
    verify(audit)
        .unauthenticated(
            AuthenticationFailures.SUMMARY, AuditAction.READ, ResourceType.ENDPOINT, X, 1);
  }

  @Test
  void nothingIsAuditedWithoutFailures() {
    assertThat(failures.retryAfter(X)).isEmpty();
    failures.sweep();
    verifyNoInteractions(audit);
  }
}
