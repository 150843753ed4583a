package org.phirecords.internal.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import jakarta.interceptor.InvocationContext;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;
import org.eclipse.microprofile.metrics.Timer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.phirecords.error.AccessDeniedException;
import org.phirecords.error.ErrorCode;
import org.phirecords.error.InvalidInputException;
import org.phirecords.internal.crypto.MongoKeyAdministration;
import org.phirecords.internal.patient.MongoPatientDirectory;
import org.phirecords.internal.security.CurrentCaller;
import org.phirecords.internal.testing.StoreFixture;
import org.phirecords.model.PatientData;
import org.phirecords.model.TenantId;
import org.phirecords.security.Permission;
import org.phirecords.security.Role;

/** The operation interceptor's timers and counters, and what their labels may hold. */
class OperationMetricsTest {
  private final MetricRegistry registry = mock(MetricRegistry.class);
  private final Timer timer = mock(Timer.class);
  private final Counter counter = mock(Counter.class);
  private final CurrentCaller callers = mock(CurrentCaller.class);
  private final InvocationContext ctx = mock(InvocationContext.class);

  @BeforeEach
  void registry() {
    when(registry.timer(anyString(), any(Tag[].class))).thenReturn(timer);
    when(registry.counter(anyString(), any(Tag[].class))).thenReturn(counter);
    when(callers.require()).thenReturn(StoreFixture.staff("tenant-a", Role.PHYSICIAN));
  }

  private OperationMetrics interceptor(boolean tenantLabel) {
    return new OperationMetrics(RecordsMetrics.of(registry, tenantLabel), callers);
  }

  private void calling(Class<?> type, String name, Class<?>... parameters) throws Exception {
    Method method = type.getMethod(name, parameters);
    when(ctx.getMethod()).thenReturn(method);
  }

  private List<String> tagsOf(String metric, boolean timed) {
    ArgumentCaptor<Tag[]> tags = ArgumentCaptor.forClass(Tag[].class);
    if (timed) {
      verify(registry).timer(eq(metric), tags.capture());
    } else {
      verify(registry).counter(eq(metric), tags.capture());
    }
    return Arrays.stream(tags.getValue()).map(t -> t.getTagName() + "=" + t.getTagValue()).toList();
  }

  @Test
  void aSuccessfulCallIsTimedUnderItsOperationAndOutcome() throws Exception {
    calling(MongoPatientDirectory.class, "create", PatientData.class);
    when(ctx.proceed()).thenReturn("done");

    assertThat(interceptor(false).measure(ctx)).isEqualTo("done");

    assertThat(tagsOf("phi_records_operations", true))
        .containsExactly("operation=PatientDirectory.create", "outcome=success");
    verify(timer).update(any(Duration.class));
    verify(registry, never()).counter(eq("phi_records_denials"), any(Tag[].class));
  }

  @Test
  void aRefusalCountsAsADenialByItsStableCode() throws Exception {
    calling(MongoPatientDirectory.class, "create", PatientData.class);
    when(ctx.proceed()).thenThrow(new AccessDeniedException(Permission.PATIENT_CREATE));

    assertThatThrownBy(() -> interceptor(true).measure(ctx))
        .isInstanceOf(AccessDeniedException.class);

    assertThat(tagsOf("phi_records_operations", true))
        .containsExactly(
            "operation=PatientDirectory.create",
            "outcome=denied",
            "tenant=" + RecordsMetrics.NO_TENANT);
    assertThat(tagsOf("phi_records_denials", false))
        .containsExactly(
            "operation=PatientDirectory.create",
            "reason=" + new AccessDeniedException(Permission.PATIENT_CREATE).errorCode().code(),
            "tenant=" + RecordsMetrics.NO_TENANT);
    verify(counter).inc();
    verify(callers, never()).require(); // a refused token's tenant claim is never a label
  }

  @Test
  void badInputIsRefusedNotDenied() throws Exception {
    calling(MongoPatientDirectory.class, "create", PatientData.class);
    when(ctx.proceed())
        .thenThrow(new InvalidInputException(ErrorCode.ACTING_FOR_INVALID, "x", "y"));

    assertThatThrownBy(() -> interceptor(false).measure(ctx))
        .isInstanceOf(InvalidInputException.class);

    assertThat(tagsOf("phi_records_operations", true)).contains("outcome=refused");
    verify(registry, never()).counter(eq("phi_records_denials"), any(Tag[].class));
  }

  @Test
  void theTenantLabelIsTheCheckedTenantAndOnlyWhenEnabled() throws Exception {
    calling(MongoPatientDirectory.class, "create", PatientData.class);
    when(ctx.proceed()).thenReturn(null);

    interceptor(true).measure(ctx);

    assertThat(tagsOf("phi_records_operations", true)).contains("tenant=tenant-a");
  }

  @Test
  void withoutTheTenantLabelNoLabelNamesATenantOrAUser() throws Exception {
    calling(MongoPatientDirectory.class, "create", PatientData.class);
    when(ctx.proceed()).thenReturn(null);

    interceptor(false).measure(ctx);

    String subject = StoreFixture.staff("tenant-a", Role.PHYSICIAN).subject();
    assertThat(tagsOf("phi_records_operations", true))
        .noneMatch(t -> t.startsWith("tenant="))
        .noneMatch(t -> t.contains("tenant-a"))
        .noneMatch(t -> t.contains(subject));
    verify(callers, never()).require();
  }

  @Test
  void keyAdministrationIsCountedAsKeyOperations() throws Exception {
    calling(MongoKeyAdministration.class, "rotateDataKey", TenantId.class);
    when(ctx.proceed()).thenReturn(null);

    interceptor(false).measure(ctx);

    assertThat(tagsOf("phi_records_key_operations", false))
        .containsExactly("operation=rotateDataKey", "outcome=success");
  }

  @Test
  void outcomesByStatus() {
    assertThat(
            Arrays.stream(new int[] {401, 403, 404, 409, 412, 400, 413, 503})
                .mapToObj(OperationMetrics::outcomeOf))
        .containsExactly(
            "unauthenticated",
            "denied",
            "not_found",
            "conflict",
            "conflict",
            "refused",
            "refused",
            "error");
  }

  @Test
  void noRegistryNoMetricsAndTheCallStillRuns() throws Exception {
    calling(MongoPatientDirectory.class, "create", PatientData.class);
    when(ctx.proceed()).thenReturn("done");

    assertThat(new OperationMetrics(RecordsMetrics.none(), callers).measure(ctx)).isEqualTo("done");
  }
}
