package org.phirecords.internal.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.isNull;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import jakarta.interceptor.InvocationContext;
import java.lang.reflect.Method;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.phirecords.audit.AuditAction;
import org.phirecords.audit.AuditOutcome;
import org.phirecords.audit.ResourceType;
import org.phirecords.error.AccessDeniedException;
import org.phirecords.error.TenantUnknownException;
import org.phirecords.error.UnauthenticatedException;
import org.phirecords.internal.audit.trail.AuditTrail;
import org.phirecords.internal.crypto.ForeignCiphertextException;
import org.phirecords.internal.operation.Operations;
import org.phirecords.internal.tenant.TenantStatusLookup;
import org.phirecords.internal.testing.StoreFixture;
import org.phirecords.model.PatientId;
import org.phirecords.model.TenantId;
import org.phirecords.model.TenantStatus;
import org.phirecords.security.Caller;
import org.phirecords.security.Permission;
import org.phirecords.security.PurposeOfUse;
import org.phirecords.security.RequiresPermission;
import org.phirecords.security.Role;

class AuthorizationInterceptorTest {
  private final TenantStatusLookup tenants = mock(TenantStatusLookup.class);
  private final AuditTrail audit = mock(AuditTrail.class);
  private Caller caller;
  private final AuthorizationInterceptor interceptor =
      new AuthorizationInterceptor(
          new CurrentCaller(() -> Optional.ofNullable(caller)),
          tenants,
          audit,
          new Operations(null, audit),
          mock(org.phirecords.internal.link.LinkedRecords.class),
          tenantWide());

  /** Access models that hold every role tenant-wide, as for a tenant without grants. */
  private static org.phirecords.internal.organisation.AccessModels tenantWide() {
    var scopes = mock(org.phirecords.internal.organisation.AccessModels.class);
    org.mockito.Mockito.when(
            scopes.accessOf(org.mockito.ArgumentMatchers.any(), org.mockito.ArgumentMatchers.any()))
        .thenAnswer(call -> CallerAccess.tenantWide(call.getArgument(1)));
    return scopes;
  }

  static class Service {
    @RequiresPermission(Permission.CLINICAL_CREATE)
    public String write(PatientId patient) {
      return "written";
    }

    @RequiresPermission(Permission.PATIENT_READ)
    public String read(PatientId patient) {
      return "read";
    }
  }

  private static final PatientId PATIENT = new PatientId("BBBBBBBBBBBBBBBBBBBBBB");

  private Object invoke(String method) throws Exception {
    Method m = Service.class.getMethod(method, PatientId.class);
    InvocationContext ctx = mock(InvocationContext.class);
    when(ctx.getMethod()).thenReturn(m);
    when(ctx.getParameters()).thenReturn(new Object[] {PATIENT});
    when(ctx.proceed()).thenAnswer(i -> m.invoke(new Service(), PATIENT));
    return interceptor.authorize(ctx);
  }

  @Test
  void physicianMayWriteInAnActiveTenant() throws Exception {
    caller = StoreFixture.staff("tenant-a", Role.PHYSICIAN);
    when(tenants.status(new TenantId("tenant-a"))).thenReturn(Optional.of(TenantStatus.ACTIVE));
    assertThat(invoke("write")).isEqualTo("written");
    verify(audit, never())
        .record(any(), any(), any(), any(), any(), eq(AuditOutcome.DENIED), any(), anyInt());
  }

  @Test
  void billingWriteIsDeniedAndTheDenialAuditedBeforeTheMethodRuns() {
    caller = StoreFixture.staff("tenant-a", Role.BILLING);
    when(tenants.status(new TenantId("tenant-a"))).thenReturn(Optional.of(TenantStatus.ACTIVE));
    assertThatThrownBy(() -> invoke("write")).isInstanceOf(AccessDeniedException.class);
    verify(audit)
        .record(
            eq(caller),
            eq(AuditAction.CREATE),
            eq(ResourceType.CLINICAL_ENTRY),
            eq(PATIENT.value()),
            eq(PATIENT.value()),
            eq(AuditOutcome.DENIED),
            eq("Service.write"),
            eq(0));
  }

  @Test
  void adminsGetNoPhi() {
    when(tenants.status(new TenantId("tenant-a"))).thenReturn(Optional.of(TenantStatus.ACTIVE));
    for (Role admin : Set.of(Role.TENANT_ADMIN, Role.PLATFORM_ADMIN, Role.PRIVACY_OFFICER)) {
      caller = StoreFixture.staff("tenant-a", admin);
      assertThatThrownBy(() -> invoke("read")).isInstanceOf(AccessDeniedException.class);
    }
  }

  @Test
  void unknownTenantAndMissingTenantAndNoCallerFailClosed() {
    caller = StoreFixture.staff("tenant-x", Role.PHYSICIAN);
    when(tenants.status(new TenantId("tenant-x"))).thenReturn(Optional.empty());
    assertThatThrownBy(() -> invoke("read")).isInstanceOf(TenantUnknownException.class);

    caller =
        new Caller(
            "u",
            Optional.empty(),
            Set.of(Role.PHYSICIAN),
            Optional.empty(),
            PurposeOfUse.TREATMENT,
            null);
    assertThatThrownBy(() -> invoke("read")).isInstanceOf(UnauthenticatedException.class);

    caller = null;
    assertThatThrownBy(() -> invoke("read")).isInstanceOf(UnauthenticatedException.class);
    verify(audit, org.mockito.Mockito.times(3))
        .record(
            any(),
            any(),
            any(),
            anyString(),
            anyString(),
            eq(AuditOutcome.DENIED),
            any(),
            anyInt());
    verify(audit)
        .record(
            eq(Caller.anonymous(null)),
            any(),
            any(),
            anyString(),
            anyString(),
            eq(AuditOutcome.DENIED),
            any(),
            anyInt());
  }

  @Test
  void aForeignCiphertextIsAuditedAsADenial() throws Exception {
    caller = StoreFixture.staff("tenant-a", Role.PHYSICIAN);
    when(tenants.status(new TenantId("tenant-a"))).thenReturn(Optional.of(TenantStatus.ACTIVE));
    Method m = Service.class.getMethod("read", PatientId.class);
    InvocationContext ctx = mock(InvocationContext.class);
    when(ctx.getMethod()).thenReturn(m);
    when(ctx.getParameters()).thenReturn(new Object[] {PATIENT});
    when(ctx.proceed()).thenThrow(new ForeignCiphertextException());
    assertThatThrownBy(() -> interceptor.authorize(ctx))
        .isInstanceOf(ForeignCiphertextException.class);
    verify(audit)
        .record(
            eq(caller),
            eq(AuditAction.READ),
            eq(ResourceType.PATIENT),
            eq(PATIENT.value()),
            eq(PATIENT.value()),
            eq(AuditOutcome.DENIED),
            eq("Service.read"),
            eq(0));
  }

  @Test
  void aSuspendedTenantsUsersAreRefusedWithTheirOwnCode() {
    caller = StoreFixture.staff("tenant-s", Role.PHYSICIAN);
    when(tenants.status(new TenantId("tenant-s"))).thenReturn(Optional.of(TenantStatus.SUSPENDED));
    assertThatThrownBy(() -> invoke("read"))
        .isInstanceOf(org.phirecords.error.RecordsException.class)
        .extracting(e -> ((org.phirecords.error.RecordsException) e).errorCode())
        .isEqualTo(org.phirecords.error.ErrorCode.TENANT_SUSPENDED);
    verify(audit)
        .record(any(), any(), any(), any(), any(), eq(AuditOutcome.DENIED), any(), anyInt());
  }

  @Test
  void patientWithoutLinkedRecordIsDenied() {
    when(tenants.status(new TenantId("tenant-a"))).thenReturn(Optional.of(TenantStatus.ACTIVE));
    caller =
        new Caller(
            "u",
            Optional.of(new TenantId("tenant-a")),
            Set.of(Role.PATIENT),
            Optional.empty(),
            PurposeOfUse.PATIENT_REQUEST,
            null);
    assertThatThrownBy(() -> invoke("read")).isInstanceOf(AccessDeniedException.class);
    verify(audit)
        .record(any(), any(), any(), any(), any(), eq(AuditOutcome.DENIED), any(), anyInt());
    verify(audit, never())
        .record(any(), any(), any(), isNull(), any(), eq(AuditOutcome.SUCCESS), any(), anyInt());
  }
}
