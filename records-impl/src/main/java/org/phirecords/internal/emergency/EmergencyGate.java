package org.phirecords.internal.emergency;

import static org.phirecords.internal.emergency.EmergencyAccessRepository.EXPIRES;
import static org.phirecords.internal.emergency.EmergencyAccessRepository.ISSUER;
import static org.phirecords.internal.emergency.EmergencyAccessRepository.PATIENT;
import static org.phirecords.internal.emergency.EmergencyAccessRepository.SUBJECT;
import static org.phirecords.internal.emergency.EmergencyAccessRepository.WRITES;

import java.time.Clock;
import java.util.Optional;
import java.util.Set;
import org.bson.Document;
import org.phirecords.audit.AuditAction;
import org.phirecords.error.ErrorCode;
import org.phirecords.error.RecordsException;
import org.phirecords.internal.operation.Operation;
import org.phirecords.internal.security.EmergencyAccess;
import org.phirecords.internal.store.TenantCollections;
import org.phirecords.model.DeclarationId;
import org.phirecords.model.PatientId;
import org.phirecords.security.Caller;
import org.phirecords.security.EmergencyContext;
import org.phirecords.security.Permission;

/**
 * The check of a break-glass declaration a service call runs under (ADR 28), made by the
 * authorization interceptor for calls that carry one ({@link EmergencyContext}): one read of the
 * declaration (none when an enclosing operation already holds it), which must be the caller's
 * (issuer and subject), of the caller's tenant, unexpired, for the patient the call names if it
 * names one, and allow writes for a write. Only calls that reach PHI are concerned.
 */
public final class EmergencyGate {
  private static final Set<AuditAction> WRITES_ACTIONS =
      Set.of(AuditAction.CREATE, AuditAction.UPDATE, AuditAction.DELETE);

  private final TenantCollections collections;
  private final Clock clock;

  /** Checks declarations in {@code collections}, expiry by {@code clock}. */
  public EmergencyGate(TenantCollections collections, Clock clock) {
    this.collections = collections;
    this.clock = clock;
  }

  /**
   * The declaration {@code caller}'s call with {@code permission} on {@code patient} (null: the
   * call names none) runs under; empty if it requests none or does not reach PHI. {@code outer} is
   * the enclosing operation on this thread, if any.
   *
   * @throws RecordsException {@code PHR-403-12} if the declaration does not hold for this call,
   *     {@code PHR-403-13} for a write under a declaration that allows reads only (the caller
   *     audits the refusal)
   */
  public Optional<EmergencyAccess> resolve(
      Caller caller, Permission permission, PatientId patient, Optional<Operation> outer) {
    Optional<String> requested = EmergencyContext.requested();
    if (requested.isEmpty() || !permission.touchesPhi() || caller.tenant().isEmpty()) {
      return Optional.empty();
    }
    DeclarationId id = new DeclarationId(requested.get());
    EmergencyAccess access =
        outer
            .flatMap(Operation::emergency)
            .filter(e -> e.declarationId().equals(id.value()))
            .orElseGet(() -> lookUp(caller, id));
    if (patient != null && !patient.equals(access.patient())) {
      throw new RecordsException(ErrorCode.EMERGENCY_ACCESS_INVALID);
    }
    if (WRITES_ACTIONS.contains(permission.action()) && !access.writes()) {
      throw new RecordsException(ErrorCode.EMERGENCY_READ_ONLY);
    }
    return Optional.of(access);
  }

  private EmergencyAccess lookUp(Caller caller, DeclarationId id) {
    Document d =
        EmergencyAccessRepository.of(collections, caller.tenant().orElseThrow(), null)
            .check(id)
            .filter(found -> caller.subject().equals(found.getString(SUBJECT)))
            .filter(found -> caller.issuer().equals(found.getString(ISSUER)))
            .filter(found -> found.getDate(EXPIRES).toInstant().isAfter(clock.instant()))
            .orElseThrow(() -> new RecordsException(ErrorCode.EMERGENCY_ACCESS_INVALID));
    return new EmergencyAccess(
        id.value(), new PatientId(d.getString(PATIENT)), d.getBoolean(WRITES, false));
  }
}
