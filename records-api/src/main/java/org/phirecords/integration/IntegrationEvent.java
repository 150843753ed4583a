package org.phirecords.integration;

import java.time.Instant;
import java.util.Objects;

/**
 * One committed write of a tenant's records, as an integration partner sees it: ids and versions
 * only, never a PHI value and never the caller's identity (ADR 35).
 *
 * @param tenant the tenant whose stream it is in
 * @param position its place in the tenant's stream: opaque, stable, increasing; read on {@code
 *     after} it
 * @param type what happened
 * @param occurredAt when the write was concluded
 * @param patientId the patient (the survivor of a merge)
 * @param entryId the clinical entry, for entry events; else null
 * @param version the version written (of the entry, or of the patient)
 * @param relatedPatientId the other patient of a merge or its undo; else null
 */
public record IntegrationEvent(
    String tenant,
    String position,
    IntegrationEventType type,
    Instant occurredAt,
    String patientId,
    String entryId,
    long version,
    String relatedPatientId) {
  public IntegrationEvent {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(position, "position");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(occurredAt, "occurredAt");
  }
}
