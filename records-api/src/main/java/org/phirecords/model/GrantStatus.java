package org.phirecords.model;

/** Where a grant stands (ADR 27). */
public enum GrantStatus {
  /** A grant of a role reading PHI, waiting for a second tenant admin (ADR 22). */
  PENDING,
  /** In force at its organisation and every one below it. */
  ACTIVE
}
