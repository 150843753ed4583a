package org.phirecords.audit;

/** How it ended. */
public enum AuditOutcome {
  SUCCESS,
  DENIED,
  NOT_FOUND,
  CONFLICT,
  INVALID,
  ERROR,
  /** Recorded before a write; the event with the same intent id tells how it ended. */
  INTENDED
}
