package org.phirecords.audit;

import java.time.Instant;

/**
 * A privacy officer's question to the audit trail of their tenant. Every criterion is optional.
 *
 * @param patientId events about this patient
 * @param subject events by this user
 * @param action events of this action
 * @param outcome events with this outcome
 * @param from events at or after this time
 * @param to events before this time
 */
public record AuditQuery(
    String patientId,
    String subject,
    AuditAction action,
    AuditOutcome outcome,
    Instant from,
    Instant to) {}
