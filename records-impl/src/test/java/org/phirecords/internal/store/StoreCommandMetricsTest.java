package org.phirecords.internal.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.atLeastOnce;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import jakarta.enterprise.inject.Instance;
import jakarta.servlet.ServletRequest;
import java.util.function.Function;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.phirecords.internal.meter.CommandKind;
import org.phirecords.internal.meter.CommandMeter;
import org.phirecords.internal.patient.MongoPatientDirectory;
import org.phirecords.internal.testing.People;
import org.phirecords.internal.testing.StoreFixture;
import org.phirecords.model.Patient;
import org.phirecords.security.Role;

/** Every client of the stores reports to their meter; a request's tally follows its context. */
class StoreCommandMetricsTest {
  private final StoreFixture fixture = new StoreFixture();
  private final MongoPatientDirectory directory = fixture.directory();

  @SuppressWarnings("unchecked")
  private final Instance<MetricRegistry> none = mock(Instance.class);

  private final StoreCommandMetrics metrics = new StoreCommandMetrics(fixture.stores, none);
  private final ServletRequest request = mock(ServletRequest.class);

  @AfterEach
  void close() {
    fixture.close();
  }

  @Test
  void aRequestsReadIsTalliedWithTheAuditWriteItWaitedOn() {
    fixture.actAs(StoreFixture.staff("tenant-a", Role.PHYSICIAN));
    Patient created = directory.create(People.synthetic());
    CommandMeter meter = fixture.stores.meter();
    long readsBefore = meter.commands(CommandKind.READ, "patients");

    metrics.requestStarted(request);
    directory.get(created.id());
    metrics.requestEnded(request);

    assertThat(meter.requests()).isEqualTo(1);
    assertThat(meter.commands(CommandKind.READ, "patients")).isGreaterThan(readsBefore);
    assertThat(meter.requestCommands(CommandKind.READ)).isPositive();
    // The read's audit event: appended to the chain (insert, head move) before the answer.
    assertThat(meter.requestSequentialWrites()).isGreaterThanOrEqualTo(1);
    assertThat(meter.commands(CommandKind.WRITE, "audit_events")).isPositive();
  }

  @Test
  void theGaugesNameKindsAndCollectionsOnly() {
    MetricRegistry registry = mock(MetricRegistry.class);
    StoreCommandMetrics.register(registry, fixture.stores.meter());

    verify(registry)
        .gauge(
            eq("phi_records_store_commands"),
            any(CommandMeter.class),
            any(Function.class),
            eq(new Tag("kind", "read")),
            eq(new Tag("collection", "patients")));
    verify(registry)
        .gauge(
            eq("phi_records_store_request_sequential_writes"),
            any(CommandMeter.class),
            any(Function.class));
    verify(registry, atLeastOnce())
        .gauge(anyString(), any(CommandMeter.class), any(Function.class), any(Tag[].class));
  }

  @Test
  void withoutMetricsNothingIsRegisteredAndCountingGoesOn() {
    when(none.isResolvable()).thenReturn(false);
    metrics.onStart(new Object());
    fixture.actAs(StoreFixture.staff("tenant-a", Role.PHYSICIAN));
    directory.create(People.synthetic());
    assertThat(fixture.stores.meter().commands(CommandKind.WRITE)).isPositive();
  }
}
