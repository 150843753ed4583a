package org.phirecords.model;

/** Where the privacy officer's review of a break-glass declaration stands (ADR 28). */
public enum EmergencyReview {
  /** Waiting in the review queue. */
  UNREVIEWED,
  /** Reviewed and found appropriate. */
  ACKNOWLEDGED,
  /** Reviewed and flagged as inappropriate, with a note. */
  FLAGGED
}
