package org.phirecords.audit;

import java.time.Instant;
import org.phirecords.model.EmergencyReason;

/**
 * A break-glass declaration was made (ADR 28), fired as a CDI event once it is stored and audited:
 * observe it to page the privacy officer. Ids and codes only, never the justification.
 *
 * @param tenant the tenant
 * @param declarationId the declaration
 * @param declarer the declarer's subject (opaque user id)
 * @param patientId the patient it opens (opaque id)
 * @param reason the coded reason
 * @param declaredAt when
 * @param expiresAt until when
 */
public record EmergencyAccessDeclared(
    String tenant,
    String declarationId,
    String declarer,
    String patientId,
    EmergencyReason reason,
    Instant declaredAt,
    Instant expiresAt) {}
