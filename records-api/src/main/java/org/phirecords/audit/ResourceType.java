package org.phirecords.audit;

/** Kinds of audited resources. */
public enum ResourceType {
  PATIENT,
  CLINICAL_ENTRY,
  BILLING_SUMMARY,
  TENANT,
  AUDIT_TRAIL,
  /** A patient's request to amend an entry of their record (HIPAA 164.526). */
  AMENDMENT,
  /** The module's link of a patient user to their record, or an invitation to make one. */
  PATIENT_LINK,
  /** A user's sessions (tokens), revoked by an administrator. */
  SESSION,
  /** An organisation of a tenant's tree (not PHI; ADR 25). */
  ORGANISATION,
  /** A patient's membership of an organisation, with its effective period (ADR 25). */
  MEMBERSHIP,
  /** A member of a patient's care team: a staff subject, since when, added by whom (ADR 30). */
  CARE_TEAM,
  /** A role granted at an organisation node to a subject or group (not PHI; ADR 29). */
  GRANT,
  /** A request refused before any resource was identified (for example a bad token). */
  ENDPOINT,
  /** The integrity of stored records: a pass comparing them with their keyed digests. */
  RECORD_INTEGRITY,
  /** A break-glass declaration: emergency access to one patient, and its review (ADR 28). */
  EMERGENCY_ACCESS,
  /** An import of FHIR resources: a Bundle or a bulk job (ADR 37). */
  IMPORT_JOB,
  /** The tenant's stream of integration events (ADR 35). */
  INTEGRATION_EVENT,
  /** A FHIR Bulk Data export and its files (ADR 38). */
  BULK_EXPORT,
  /** An aggregate query on the de-identified analytics projection (ADR 43). */
  ANALYTICS_QUERY,
  DISCLOSURE,

  /** A grant to a personal representative (ADR 46). */
  PROXY_GRANT,

  /** A Safe Harbor de-identified dataset and its files (ADR 44). */
  ANALYTICS_DATASET,

  /** A named analytics query saved to be run again (ADR 45). */
  ANALYTICS_SAVED_QUERY,
  /** The de-identified analytics projection itself: its rebuild (ADR 45). */
  ANALYTICS_PROJECTION,

  /** A data migration of stored documents' format (ADR 52); ids and counts only. */
  SCHEMA_MIGRATION
}
