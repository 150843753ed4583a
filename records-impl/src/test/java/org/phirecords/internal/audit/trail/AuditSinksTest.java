package org.phirecords.internal.audit.trail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import jakarta.enterprise.inject.Instance;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.phirecords.audit.AuditEvent;
import org.phirecords.spi.AuditSink;

class AuditSinksTest {
  /** A sink that fails while {@code down} is set. */
  static final class FlakySink implements AuditSink {
    boolean down = true;

    @Override
    public void accept(AuditEvent event) {
      if (down) {
        throw new IllegalStateException("disk full at /var/audit/Canaryfamily");
      }
    }
  }

  static final class SteadySink implements AuditSink {}

  @SuppressWarnings("unchecked")
  private static AuditSinks over(AuditSink... sinks) {
    AuditSinks audit = new AuditSinks();
    audit.sinks = mock(Instance.class);
    when(audit.sinks.iterator()).thenAnswer(i -> List.of(sinks).iterator());
    return audit;
  }

  @Test
  void aSinkIsFailingFromItsFailedDeliveryUntilItsNextSuccess() {
    FlakySink flaky = new FlakySink();
    AuditSinks audit = over(new SteadySink(), flaky);
    assertThat(audit.failing()).isEmpty();

    audit.onStored(null);
    assertThat(audit.failing()).containsExactly(FlakySink.class.getName());

    flaky.down = false;
    audit.onStored(null);
    assertThat(audit.failing()).isEmpty();
  }
}
