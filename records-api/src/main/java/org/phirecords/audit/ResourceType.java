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
  /** A request refused before any resource was identified (for example a bad token). */
  ENDPOINT
}
