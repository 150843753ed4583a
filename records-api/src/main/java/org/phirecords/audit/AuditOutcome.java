package org.phirecords.audit;

/** How it ended. */
public enum AuditOutcome {
  SUCCESS,
  DENIED,
  NOT_FOUND,
  CONFLICT,
  INVALID,
  ERROR
}
