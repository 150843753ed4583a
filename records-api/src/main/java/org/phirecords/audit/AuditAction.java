package org.phirecords.audit;

/** What was done (or attempted). */
public enum AuditAction {
  CREATE,
  READ,
  UPDATE,
  DELETE,
  SEARCH,
  EXPORT
}
