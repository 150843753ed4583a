package org.phirecords.internal.operation;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.phirecords.internal.audit.trail.AuditTrail;
import org.phirecords.internal.security.CallerAccess;
import org.phirecords.internal.security.EmergencyAccess;
import org.phirecords.internal.store.TenantCollections;
import org.phirecords.model.PatientId;
import org.phirecords.security.Caller;
import org.phirecords.security.Permission;

/**
 * The operations open on each thread. The authorization interceptor opens one around every
 * authorized service call (nested calls stack); a service method reached any other way finds none
 * and fails closed.
 */
@ApplicationScoped
public class Operations {
  private static final ThreadLocal<Deque<Operation>> OPEN =
      ThreadLocal.withInitial(ArrayDeque::new);

  private TenantCollections collections;
  private AuditTrail audit;

  /** For CDI. */
  protected Operations() {}

  /** Operations over {@code collections}, audited into {@code audit}. */
  @Inject
  public Operations(TenantCollections collections, AuditTrail audit) {
    this.collections = collections;
    this.audit = audit;
  }

  /** Runs {@code body} with an operation of {@code caller} open on this thread. */
  public <T> T within(Caller caller, Permission permission, String name, Callable<T> body)
      throws Exception {
    return within(
        caller, permission, name, CallerAccess.tenantWide(caller), Optional.empty(), body);
  }

  /**
   * As above, with the caller's roles held where {@code access} says (ADR 27), under the
   * break-glass declaration {@code emergency} if present (ADR 28): the authorization interceptor's
   * way in.
   */
  public <T> T within(
      Caller caller,
      Permission permission,
      String name,
      CallerAccess access,
      Optional<EmergencyAccess> emergency,
      Callable<T> body)
      throws Exception {
    return within(caller, permission, name, access, emergency, List.of(), body);
  }

  /**
   * As above, a patient user's handles also reaching {@code merged}, the registrations merged into
   * their record (ADR 42).
   */
  public <T> T within(
      Caller caller,
      Permission permission,
      String name,
      CallerAccess access,
      Optional<EmergencyAccess> emergency,
      List<PatientId> merged,
      Callable<T> body)
      throws Exception {
    Deque<Operation> open = OPEN.get();
    open.push(
        new Operation(caller, permission, name, collections, audit, access, emergency)
            .owning(merged));
    try {
      return body.call();
    } finally {
      open.pop();
      if (open.isEmpty()) {
        OPEN.remove();
      }
    }
  }

  /** The collections operations reach, for readers of settings such as the tenant registry. */
  public TenantCollections collections() {
    return collections;
  }

  /** The innermost operation open on this thread, if any. */
  public Optional<Operation> innermost() {
    Optional<Operation> op = Optional.ofNullable(OPEN.get().peek());
    if (op.isEmpty()) {
      OPEN.remove();
    }
    return op;
  }

  /**
   * The innermost operation open on this thread.
   *
   * @throws IllegalStateException when the call did not pass the authorization interceptor
   */
  public Operation current() {
    Operation op = OPEN.get().peek();
    if (op == null) {
      OPEN.remove();
      throw new IllegalStateException("no authorized operation is open on this thread");
    }
    return op;
  }
}
