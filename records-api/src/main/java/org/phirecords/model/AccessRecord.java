package org.phirecords.model;

import java.time.Instant;
import org.phirecords.audit.AuditAction;
import org.phirecords.audit.ResourceType;
import org.phirecords.security.PurposeOfUse;

/**
 * One access to a patient's record as the patient sees it in their access history (accounting of
 * disclosures, HIPAA 164.528), built from the audit trail.
 *
 * @param at when
 * @param role the role of whoever accessed it (e.g. {@code physician})
 * @param organisation the tenant's display name
 * @param purposeOfUse why
 * @param action what was done
 * @param resource what was touched
 * @param actor who, if the tenant's policy shows staff identities; else null
 */
public record AccessRecord(
    Instant at,
    String role,
    String organisation,
    PurposeOfUse purposeOfUse,
    AuditAction action,
    ResourceType resource,
    String actor) {}
