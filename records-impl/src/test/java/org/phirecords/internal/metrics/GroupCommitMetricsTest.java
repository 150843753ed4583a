package org.phirecords.internal.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.atLeastOnce;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.time.Duration;
import java.util.function.Function;
import org.eclipse.microprofile.metrics.Histogram;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Timer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.phirecords.audit.AuditAction;
import org.phirecords.audit.AuditOutcome;
import org.phirecords.audit.ResourceType;
import org.phirecords.internal.audit.trail.AuditTrail;
import org.phirecords.internal.testing.StoreFixture;
import org.phirecords.security.Role;

/** The audit trail reports its group commit and its heads waiting to move (ADR 50). */
class GroupCommitMetricsTest {
  private final StoreFixture fixture = new StoreFixture(Duration.ofHours(1));
  private final MetricRegistry registry = mock(MetricRegistry.class);
  private final Histogram batches = mock(Histogram.class);
  private final Timer waits = mock(Timer.class);

  @AfterEach
  void close() {
    fixture.close();
  }

  @Test
  @SuppressWarnings({"unchecked", "rawtypes"})
  void batchSizeWaitAndHeadsBehindAreReported() {
    when(registry.histogram(anyString())).thenReturn(batches);
    when(registry.timer(anyString())).thenReturn(waits);
    AuditTrail trail = fixture.audit;
    trail.measuredBy(RecordsMetrics.of(registry, false));

    for (int i = 0; i < 3; i++) {
      trail.record(
          StoreFixture.staff("tenant-a", Role.PHYSICIAN),
          AuditAction.READ,
          ResourceType.PATIENT,
          "r" + i,
          null,
          AuditOutcome.SUCCESS,
          "PatientDirectory.read",
          1);
    }

    verify(registry, atLeastOnce()).histogram("phi_records_audit_batch_events");
    verify(batches, atLeastOnce()).update(1);
    verify(registry, atLeastOnce()).timer("phi_records_audit_append_wait");
    verify(waits, atLeastOnce()).update(any(Duration.class));
    ArgumentCaptor<Object> source = ArgumentCaptor.forClass(Object.class);
    ArgumentCaptor<Function> read = ArgumentCaptor.forClass(Function.class);
    verify(registry)
        .gauge(eq("phi_records_audit_chain_heads_behind"), source.capture(), read.capture());
    // With an hour's lag, the second and third events' chain waits for its head to move.
    assertThat(((Number) read.getValue().apply(source.getValue())).longValue()).isEqualTo(1);
    trail.settleHeads();
    assertThat(((Number) read.getValue().apply(source.getValue())).longValue()).isZero();
  }
}
