package org.phirecords.internal.security;

import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import java.lang.reflect.Method;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.phirecords.audit.AuditOutcome;
import org.phirecords.error.AccessDeniedException;
import org.phirecords.error.ErrorCode;
import org.phirecords.error.InvalidInputException;
import org.phirecords.error.NotFoundException;
import org.phirecords.error.RecordsException;
import org.phirecords.error.TenantUnknownException;
import org.phirecords.error.UnauthenticatedException;
import org.phirecords.internal.audit.trail.AuditTrail;
import org.phirecords.internal.crypto.ForeignCiphertextException;
import org.phirecords.internal.emergency.EmergencyGate;
import org.phirecords.internal.link.LinkedRecords;
import org.phirecords.internal.operation.Operation;
import org.phirecords.internal.operation.Operations;
import org.phirecords.internal.organisation.AccessModels;
import org.phirecords.internal.patient.OwnRecords;
import org.phirecords.internal.proxy.Representatives;
import org.phirecords.internal.tenant.TenantStatusLookup;
import org.phirecords.model.PatientId;
import org.phirecords.model.RecordId;
import org.phirecords.model.TenantId;
import org.phirecords.model.TenantStatus;
import org.phirecords.security.Caller;
import org.phirecords.security.Permission;
import org.phirecords.security.PurposeOfUse;
import org.phirecords.security.RequiresPermission;
import org.phirecords.security.Role;

/**
 * Enforces {@link RequiresPermission} before the method runs (invariant 2, docs/architecture.md):
 * resolves the caller (none: 401), requires a known active tenant for tenant-scoped permissions,
 * checks the role-to-permission table and, for patient users, the record the module linked to them
 * (never a token claim; unlinked: 403 {@code PHR-403-05}). Every refusal is audited before it is
 * thrown. A call carrying a break-glass declaration runs under it once {@link EmergencyGate}
 * checked it (ADR 28). An allowed call runs inside the {@link Operation} it opens: the service
 * takes caller, permission, scoped handles and audit from there.
 */
@Interceptor
@RequiresPermission(Permission.PATIENT_READ) // the value is @Nonbinding: this binds to all
@Priority(Priorities.AUTHORIZATION)
public class AuthorizationInterceptor {
  private final CurrentCaller callers;
  private final TenantStatusLookup tenants;
  private final AuditTrail audit;
  private final Operations operations;
  private final LinkedRecords links;
  private final AccessModels scopes;
  private final EmergencyGate emergencies;
  private final Representatives representatives;

  /**
   * Checks callers from {@code callers} against {@code tenants} and, for patient users, the
   * module's links in {@code links}; records into {@code audit}; opens allowed calls' operations in
   * {@code operations}, with the caller's roles held where the grants of {@code scopes} say.
   */
  @Inject
  public AuthorizationInterceptor(
      CurrentCaller callers,
      TenantStatusLookup tenants,
      AuditTrail audit,
      Operations operations,
      LinkedRecords links,
      AccessModels scopes,
      Representatives representatives) {
    this.representatives = representatives;
    this.callers = callers;
    this.tenants = tenants;
    this.audit = audit;
    this.operations = operations;
    this.links = links;
    this.scopes = scopes;
    this.emergencies = new EmergencyGate(operations.collections(), Clock.systemUTC());
  }

  /** As above, honouring no personal representative's grant (ADR 46): tools and benchmarks. */
  public AuthorizationInterceptor(
      CurrentCaller callers,
      TenantStatusLookup tenants,
      AuditTrail audit,
      Operations operations,
      LinkedRecords links,
      AccessModels scopes) {
    this(callers, tenants, audit, operations, links, scopes, Representatives.none());
  }

  /** The check. */
  @AroundInvoke
  public Object authorize(InvocationContext ctx) throws Exception {
    Permission permission = required(ctx.getMethod());
    Caller caller;
    try {
      caller = callers.require();
    } catch (UnauthenticatedException e) {
      deny(Caller.anonymous(null), permission, ctx);
      throw e;
    }
    if (permission.tenantScoped()) {
      if (caller.tenant().isEmpty()) {
        deny(caller, permission, ctx);
        throw new UnauthenticatedException(ErrorCode.TENANT_MISSING);
      }
      TenantId tenant = caller.tenant().get();
      var status = tenants.status(tenant);
      if (status.isEmpty() || status.get() != TenantStatus.ACTIVE) {
        deny(caller, permission, ctx);
        if (status.isPresent() && status.get() == TenantStatus.SUSPENDED) {
          throw new RecordsException(ErrorCode.TENANT_SUSPENDED);
        }
        throw new TenantUnknownException();
      }
    }
    // Whatever a resolver put there, a patient user's record is the module's link (ADR 17).
    caller = caller.withLinkedPatient(Optional.empty());
    // Roles granted at organisations join those held tenant-wide (ADR 27).
    // A system client holds nothing granted to a subject (ADR 39), its scopes tenant-wide or at
    // the organisations its tenant bounded it to (ADR 42).
    CallerAccess access =
        caller.tenant().isPresent()
            ? scopes.accessOf(caller.tenant().get(), caller)
            : CallerAccess.tenantWide(caller);
    caller = access.effective(caller);
    if (RolePermissions.analystWithPhi(caller)) {
      // ADR 43: token roles and grants together; the analyst never reads PHI as well.
      deny(caller, permission, ctx);
      throw AccessDeniedException.analystWithPhi(permission);
    }
    if (!RolePermissions.grants(caller, permission)) {
      deny(caller, permission, ctx);
      throw caller.has(Role.SYSTEM)
          ? AccessDeniedException.outOfScope(permission)
          : new AccessDeniedException(permission);
    }
    List<PatientId> merged = List.of();
    Optional<String> claimed = callers.actingFor();
    if (claimed.isPresent()
        && (!caller.has(Role.PATIENT)
            || (permission.touchesPhi()
                && !(AccessScope.ownRecordOnly(caller, permission)
                    && RolePermissions.asRepresentative(permission))))) {
      // ADR 46: only a portal user acts for someone, and only to read and request.
      deny(caller, permission, ctx);
      throw new RecordsException(ErrorCode.NOT_AS_REPRESENTATIVE);
    }
    Optional<Representation> representing = Optional.empty();
    if (claimed.isPresent() && permission.touchesPhi()) {
      representing = representation(caller, permission, claimed.get(), ctx);
      caller =
          caller
              .withLinkedPatient(Optional.of(representing.get().patient()))
              .with(caller.roles(), PurposeOfUse.REPRESENTATIVE_REQUEST);
      merged = representing.get().merged();
      access = access.representing(representing.get());
    } else if (AccessScope.ownRecordOnly(caller, permission)) {
      // The link leads to the survivor of a merged registration, with those merged (ADR 42).
      Optional<OwnRecords.Own> own = links.recordOf(caller);
      caller = caller.withLinkedPatient(own.map(OwnRecords.Own::record));
      merged = own.map(OwnRecords.Own::merged).orElse(List.of());
      if (caller.linkedPatient().isEmpty()) {
        deny(caller, permission, ctx);
        throw AccessDeniedException.notLinked(permission);
      }
    }
    Optional<EmergencyAccess> emergency;
    try {
      emergency = emergencies.resolve(caller, permission, patientOf(ctx), operations.innermost());
    } catch (RecordsException refused) {
      deny(caller, permission, ctx);
      throw refused;
    }
    caller = purposeUnder(caller, emergency, representing.isPresent());
    try {
      return operations.within(
          caller, permission, operation(ctx.getMethod()), access, emergency, merged, ctx::proceed);
    } catch (ForeignCiphertextException foreign) {
      // A ciphertext of another tenant was within reach: refused by the cipher, audited here.
      deny(caller, permission, ctx);
      throw foreign;
    }
  }

  /**
   * ETREAT under a declaration, and only then: a token stating ETREAT without one is audited with
   * its role's purpose instead (ADR 28).
   */
  private static Caller purposeUnder(
      Caller c, Optional<EmergencyAccess> emergency, boolean representing) {
    PurposeOfUse purpose = c.purposeOfUse();
    if (emergency.isPresent()) {
      purpose = PurposeOfUse.EMERGENCY_TREATMENT;
    } else if (representing) {
      purpose = PurposeOfUse.REPRESENTATIVE_REQUEST;
    } else if (purpose == PurposeOfUse.EMERGENCY_TREATMENT
        || purpose == PurposeOfUse.REPRESENTATIVE_REQUEST) {
      purpose =
          c.roles().stream()
              .min(Comparator.naturalOrder())
              .map(PurposeOfUse::defaultFor)
              .orElse(PurposeOfUse.OPERATIONS);
    }
    return purpose == c.purposeOfUse() ? c : c.with(c.roles(), purpose);
  }

  /**
   * The grant in force under which {@code caller} acts for the patient {@code claimed} names (ADR
   * 46); none answers 404 like a missing record, audited as denied.
   */
  private Optional<Representation> representation(
      Caller caller, Permission permission, String claimed, InvocationContext ctx) {
    PatientId patient;
    try {
      patient = new PatientId(claimed);
    } catch (RecordsException malformed) {
      deny(caller, permission, ctx);
      throw new InvalidInputException(
          ErrorCode.ACTING_FOR_INVALID, "Acting-For", "not a patient id");
    }
    Optional<Representation> found = representatives.of(caller, patient);
    if (found.isEmpty()) {
      deny(caller.withLinkedPatient(Optional.of(patient)), permission, ctx);
      throw new NotFoundException();
    }
    return found;
  }

  private static PatientId patientOf(InvocationContext ctx) {
    for (Object parameter : ctx.getParameters()) {
      if (parameter instanceof PatientId id) {
        return id;
      }
    }
    return null;
  }

  private void deny(Caller caller, Permission permission, InvocationContext ctx) {
    String resourceId = null;
    String patientId = null;
    for (Object parameter : ctx.getParameters()) {
      if (parameter instanceof RecordId id && resourceId == null) {
        resourceId = id.value();
      } else if (parameter instanceof PatientId id && patientId == null) {
        patientId = id.value();
      }
    }
    audit.record(
        caller,
        permission.action(),
        permission.resourceType(),
        resourceId != null ? resourceId : patientId,
        patientId,
        AuditOutcome.DENIED,
        operation(ctx.getMethod()),
        0);
  }

  /** The permission a call of {@code method} requires. */
  public static Permission required(Method method) {
    RequiresPermission onMethod = method.getAnnotation(RequiresPermission.class);
    if (onMethod != null) {
      return onMethod.value();
    }
    RequiresPermission onType = method.getDeclaringClass().getAnnotation(RequiresPermission.class);
    if (onType == null) {
      throw new IllegalStateException("no @RequiresPermission on " + operation(method));
    }
    return onType.value();
  }

  /** {@code Interface.method} naming of operations, as audited. */
  public static String operation(Method method) {
    Class<?> type = method.getDeclaringClass();
    for (Class<?> api : type.getInterfaces()) {
      if (api.getPackageName().startsWith("org.phirecords.service")) {
        return api.getSimpleName() + "." + method.getName();
      }
    }
    return type.getSimpleName() + "." + method.getName();
  }
}
