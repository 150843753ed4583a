package org.phirecords.internal.metrics;

import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import java.time.Duration;
import java.util.Optional;
import org.phirecords.error.RecordsException;
import org.phirecords.internal.security.AuthorizationInterceptor;
import org.phirecords.internal.security.CurrentCaller;
import org.phirecords.internal.security.Priorities;
import org.phirecords.model.TenantId;
import org.phirecords.security.Permission;
import org.phirecords.security.RequiresPermission;

/**
 * Times every service operation, around the authorization check so that refusals count too (ADR
 * 50): {@code phi_records_operations{operation, outcome}}, {@code phi_records_denials{operation,
 * reason}} with the refusal's stable code, and {@code phi_records_key_operations} for key
 * administration. The tenant label, where enabled, is the caller's only once authorization let the
 * call through to a tenant it checked: a refused token's claims never become label values.
 */
@Interceptor
@RequiresPermission(Permission.PATIENT_READ) // the value is @Nonbinding: this binds to all
@Priority(Priorities.METRICS)
public class OperationMetrics {
  private static final String KEY_SERVICE = "KeyAdministration.";

  private final RecordsMetrics metrics;
  private final CurrentCaller callers;

  /** Reports to {@code metrics}; the tenant label, where enabled, from {@code callers}. */
  @Inject
  public OperationMetrics(RecordsMetrics metrics, CurrentCaller callers) {
    this.metrics = metrics;
    this.callers = callers;
  }

  /** Times the call and counts its outcome. */
  @AroundInvoke
  public Object measure(InvocationContext ctx) throws Exception {
    String operation = AuthorizationInterceptor.operation(ctx.getMethod());
    long start = System.nanoTime();
    String outcome = "error";
    String code = null;
    try {
      Object result = ctx.proceed();
      outcome = "success";
      return result;
    } catch (RecordsException e) {
      code = e.errorCode().code();
      outcome = outcomeOf(e.errorCode().httpStatus());
      throw e;
    } finally {
      Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
      Optional<TenantId> tenant = "success".equals(outcome) ? tenantOf(ctx) : Optional.empty();
      metrics.operation(operation, outcome, tenant, elapsed);
      if ("denied".equals(outcome) || "unauthenticated".equals(outcome)) {
        metrics.denied(operation, code, tenant);
      }
      if (operation.startsWith(KEY_SERVICE)) {
        metrics.keyOperation(operation.substring(KEY_SERVICE.length()), outcome);
      }
    }
  }

  /** The outcome label of a refusal answered with {@code status}. */
  static String outcomeOf(int status) {
    return switch (status) {
      case 401 -> "unauthenticated";
      case 403 -> "denied";
      case 404 -> "not_found";
      case 409, 412 -> "conflict";
      default -> status < 500 ? "refused" : "error";
    };
  }

  /** The tenant the authorization check found active, for a tenant-scoped permission only. */
  private Optional<TenantId> tenantOf(InvocationContext ctx) {
    if (!metrics.tenantLabel()
        || !AuthorizationInterceptor.required(ctx.getMethod()).tenantScoped()) {
      return Optional.empty();
    }
    try {
      return callers.require().tenant();
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }
}
