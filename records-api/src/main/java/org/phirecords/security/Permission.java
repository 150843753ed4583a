package org.phirecords.security;

import org.phirecords.audit.AuditAction;
import org.phirecords.audit.ResourceType;

/**
 * What an operation needs. Every service operation declares exactly one with {@link
 * RequiresPermission}. Permissions touching PHI are tenant-scoped; for a patient caller they are
 * further narrowed to the patient's own record.
 */
public enum Permission {
  PATIENT_CREATE(ResourceType.PATIENT, AuditAction.CREATE, true),
  PATIENT_READ(ResourceType.PATIENT, AuditAction.READ, true),
  PATIENT_UPDATE(ResourceType.PATIENT, AuditAction.UPDATE, true),
  PATIENT_SEARCH(ResourceType.PATIENT, AuditAction.SEARCH, true),
  CLINICAL_CREATE(ResourceType.CLINICAL_ENTRY, AuditAction.CREATE, true),
  CLINICAL_READ(ResourceType.CLINICAL_ENTRY, AuditAction.READ, true),
  CLINICAL_UPDATE(ResourceType.CLINICAL_ENTRY, AuditAction.UPDATE, true),
  BILLING_READ(ResourceType.BILLING_SUMMARY, AuditAction.READ, true),
  /** Read who accessed a patient's record (the patient's own accounting of disclosures). */
  ACCESS_HISTORY_READ(ResourceType.AUDIT_TRAIL, AuditAction.READ, true),
  /** Download an electronic copy of a record (FHIR R4). */
  RECORD_EXPORT(ResourceType.PATIENT, AuditAction.EXPORT, true),
  /** Request an amendment of one's own record, or file a statement of disagreement. */
  AMENDMENT_REQUEST(ResourceType.AMENDMENT, AuditAction.CREATE, true),
  /** Read amendment requests. */
  AMENDMENT_READ(ResourceType.AMENDMENT, AuditAction.READ, true),
  /** Accept, deny or extend an amendment request. */
  AMENDMENT_DECIDE(ResourceType.AMENDMENT, AuditAction.UPDATE, true),
  /**
   * Invite a patient user to link to a record (a one-time code), or remove a record's links. Not
   * PHI by itself, but it decides who reads a record: physicians only.
   */
  PATIENT_LINK_MANAGE(ResourceType.PATIENT_LINK, AuditAction.CREATE, false),
  /** Redeem an invitation code, and read which record is linked to oneself. */
  PATIENT_LINK_OWN(ResourceType.PATIENT_LINK, AuditAction.UPDATE, false),
  /** Read a patient's memberships of organisations (ADR 25). */
  MEMBERSHIP_READ(ResourceType.MEMBERSHIP, AuditAction.READ, true),
  /** Add or end a patient's membership of an organisation (ADR 25). */
  MEMBERSHIP_WRITE(ResourceType.MEMBERSHIP, AuditAction.UPDATE, true),
  /** Read who is on a patient's care team (ADR 30); a patient their own. */
  CARE_TEAM_READ(ResourceType.CARE_TEAM, AuditAction.READ, true),
  /** Add someone to a patient's care team, or end their place on it (ADR 30). */
  CARE_TEAM_WRITE(ResourceType.CARE_TEAM, AuditAction.UPDATE, true),
  AUDIT_READ(ResourceType.AUDIT_TRAIL, AuditAction.READ, false),
  /**
   * Declare a break-glass emergency for one patient (ADR 28). Not PHI by itself; whether the
   * caller's role may use it is the tenant's setting ({@code PHR-403-11} otherwise).
   */
  EMERGENCY_DECLARE(ResourceType.EMERGENCY_ACCESS, AuditAction.CREATE, false),
  /** Review break-glass declarations: list, acknowledge, flag (the privacy officer; ADR 28). */
  EMERGENCY_REVIEW(ResourceType.EMERGENCY_ACCESS, AuditAction.UPDATE, false),
  /**
   * Run the integrity pass over the tenant's stored records (45 CFR 164.312(c)(2)). It compares
   * ciphertext with keyed digests and reports record ids, never PHI.
   */
  INTEGRITY_CHECK(ResourceType.RECORD_INTEGRITY, AuditAction.READ, false),
  TENANT_SETTINGS(ResourceType.TENANT, AuditAction.UPDATE, false),
  /** Read the tenant's organisation tree (ADR 25); no PHI. */
  ORGANISATION_READ(ResourceType.ORGANISATION, AuditAction.READ, false),
  /** Create, rename, move, suspend, reactivate and close organisations (ADR 25); no PHI. */
  ORGANISATION_MANAGE(ResourceType.ORGANISATION, AuditAction.UPDATE, false),
  /** Read the roles granted at the tenant's organisations (ADR 29); no PHI. */
  GRANT_READ(ResourceType.GRANT, AuditAction.READ, false),
  /** Grant roles at organisations, approve pending grants and revoke grants (ADR 29); no PHI. */
  GRANT_MANAGE(ResourceType.GRANT, AuditAction.UPDATE, false),
  /** Revoke the sessions of a subject of the own tenant. */
  SESSION_REVOKE(ResourceType.SESSION, AuditAction.DELETE, false),
  TENANT_MANAGE(ResourceType.TENANT, AuditAction.UPDATE, false),
  /** Revoke the sessions of a subject of the platform issuer, in every tenant. */
  PLATFORM_SESSION_REVOKE(ResourceType.SESSION, AuditAction.DELETE, false),

  /** Mark a clinical entry entered-in-error (ADR 36): hidden from reads, kept for audit. */
  CLINICAL_DELETE(ResourceType.CLINICAL_ENTRY, AuditAction.DELETE, true),

  /** Mark a patient registration entered-in-error (ADR 36). */
  PATIENT_DELETE(ResourceType.PATIENT, AuditAction.DELETE, true),

  /** Merge two registrations of one person, and undo a merge (ADR 36). */
  PATIENT_MERGE(ResourceType.PATIENT, AuditAction.UPDATE, true),

  /**
   * Import FHIR R4 resources (a batch or transaction Bundle, ADR 37) as patients and clinical
   * entries. Each write also needs the permission it would need through the API.
   */
  RECORD_IMPORT(ResourceType.IMPORT_JOB, AuditAction.CREATE, true),

  /** Read the tenant's integration events (ADR 35): ids and versions of writes, no PHI values. */
  INTEGRATION_EVENTS_READ(ResourceType.INTEGRATION_EVENT, AuditAction.READ, false),

  /**
   * FHIR Bulk Data export (ADR 38): kick off an export of every patient in reach, poll it, download
   * its files, delete it.
   */
  BULK_EXPORT(ResourceType.BULK_EXPORT, AuditAction.EXPORT, true),

  /**
   * Run an aggregate query on the de-identified analytics projection (ADR 43): counts only, small
   * cells suppressed, every query audited with its parameters.
   */
  ANALYTICS_QUERY(ResourceType.ANALYTICS_QUERY, AuditAction.SEARCH, false),

  /** List the analytics queries run in the tenant, with their parameters (ADR 43). */
  ANALYTICS_AUDIT_READ(ResourceType.ANALYTICS_QUERY, AuditAction.READ, false),

  /** Record a disclosure outside treatment, payment and operations (HIPAA 164.528; ADR 47). */
  DISCLOSURE_RECORD(ResourceType.DISCLOSURE, AuditAction.CREATE, true),

  /** Read a patient's accounting of disclosures (ADR 47); a patient their own. */
  DISCLOSURE_READ(ResourceType.DISCLOSURE, AuditAction.READ, true),

  /** Direct a copy of one's own record to a third party by e-mail (164.524(c)(3)(ii); ADR 47). */
  DIRECTED_COPY(ResourceType.DISCLOSURE, AuditAction.EXPORT, true),

  /**
   * Grant, revoke and list a patient's personal representatives (ADR 46): deciding who reads a
   * record, so physicians only.
   */
  PROXY_MANAGE(ResourceType.PROXY_GRANT, AuditAction.UPDATE, true),

  /** Grant, revoke and list caregivers of one's own record (an adult patient; ADR 46). */
  PROXY_OWN(ResourceType.PROXY_GRANT, AuditAction.UPDATE, true),

  /** List the people one acts for as a personal representative (ADR 46); ids, no PHI. */
  PROXY_ACT(ResourceType.PROXY_GRANT, AuditAction.READ, false),

  /**
   * Create, poll, download once and cancel a Safe Harbor de-identified dataset (ADR 44):
   * generalised values and per-dataset pseudonyms only, so no PHI leaves; every step audited.
   */
  ANALYTICS_DATASET(ResourceType.ANALYTICS_DATASET, AuditAction.EXPORT, false),

  /**
   * List re-linking requests of datasets and approve or deny them (the privacy officer, ADR 44);
   * never the requester's own. Releases nothing by itself.
   */
  ANALYTICS_RELINK_DECIDE(ResourceType.ANALYTICS_DATASET, AuditAction.UPDATE, false),

  /** Save, list, read, change and delete the tenant's named analytics queries (ADR 45). */
  ANALYTICS_SAVED_QUERY(ResourceType.ANALYTICS_SAVED_QUERY, AuditAction.UPDATE, false),

  /** Run the resumable rebuild of the tenant's analytics projection (ADR 45); no PHI leaves. */
  ANALYTICS_REBUILD(ResourceType.ANALYTICS_PROJECTION, AuditAction.UPDATE, false);

  private final ResourceType resourceType;
  private final AuditAction action;
  private final boolean phi;

  Permission(ResourceType resourceType, AuditAction action, boolean phi) {
    this.resourceType = resourceType;
    this.action = action;
    this.phi = phi;
  }

  /** The kind of resource the permission is about, as audited. */
  public ResourceType resourceType() {
    return resourceType;
  }

  /** The action the permission allows, as audited. */
  public AuditAction action() {
    return action;
  }

  /** Whether the permission is exercised inside one tenant (all but platform management). */
  public boolean tenantScoped() {
    return this != TENANT_MANAGE && this != PLATFORM_SESSION_REVOKE;
  }

  /** Whether the permission gives access to protected health information. */
  public boolean touchesPhi() {
    return phi;
  }
}
