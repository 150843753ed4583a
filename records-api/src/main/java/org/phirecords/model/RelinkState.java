package org.phirecords.model;

/** Where a re-linking request stands (ADR 44); released and denied are final. */
public enum RelinkState {
  PENDING,
  APPROVED,
  DENIED,
  RELEASED
}
