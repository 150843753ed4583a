package org.phirecords.audit;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import org.phirecords.security.PurposeOfUse;
import org.phirecords.security.Role;

/**
 * One audited access. By construction it holds no PHI values: only opaque ids, enums, the operation
 * name and counts. Fired as a CDI event once it is durably stored.
 *
 * @param id unique id of the event
 * @param occurredAt when it happened
 * @param tenant the tenant acted in, or {@code null} for platform operations
 * @param subject opaque user id of the caller
 * @param roles the caller's roles
 * @param action what was done
 * @param resourceType kind of resource
 * @param resourceId opaque id of the resource, or {@code null} (searches, denials before lookup)
 * @param patientId opaque id of the patient concerned, or {@code null}
 * @param outcome how it ended
 * @param purposeOfUse why
 * @param clientAddress where the request came from
 * @param operation the service operation, for example {@code PatientDirectory.get}
 * @param resultCount number of records returned, for searches and lists
 * @param emergencyId the break-glass declaration the access ran under (ADR 28), or {@code null}
 */
public record AuditEvent(
    String id,
    Instant occurredAt,
    String tenant,
    String subject,
    Set<Role> roles,
    AuditAction action,
    ResourceType resourceType,
    String resourceId,
    String patientId,
    AuditOutcome outcome,
    PurposeOfUse purposeOfUse,
    String clientAddress,
    String operation,
    int resultCount,
    String emergencyId) {

  /** Checks the required parts. */
  public AuditEvent {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(occurredAt, "occurredAt");
    Objects.requireNonNull(subject, "subject");
    roles = Set.copyOf(roles);
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(resourceType, "resourceType");
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(purposeOfUse, "purposeOfUse");
    Objects.requireNonNull(operation, "operation");
  }

  /** An event of an access under no break-glass declaration. */
  public AuditEvent(
      String id,
      Instant occurredAt,
      String tenant,
      String subject,
      Set<Role> roles,
      AuditAction action,
      ResourceType resourceType,
      String resourceId,
      String patientId,
      AuditOutcome outcome,
      PurposeOfUse purposeOfUse,
      String clientAddress,
      String operation,
      int resultCount) {
    this(
        id,
        occurredAt,
        tenant,
        subject,
        roles,
        action,
        resourceType,
        resourceId,
        patientId,
        outcome,
        purposeOfUse,
        clientAddress,
        operation,
        resultCount,
        null);
  }
}
