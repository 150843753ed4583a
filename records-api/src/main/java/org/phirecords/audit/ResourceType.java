package org.phirecords.audit;

/** Kinds of audited resources. */
public enum ResourceType {
  PATIENT,
  CLINICAL_ENTRY,
  BILLING_SUMMARY,
  TENANT,
  AUDIT_TRAIL
}
