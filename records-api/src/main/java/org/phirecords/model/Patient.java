package org.phirecords.model;

import java.time.Instant;

/**
 * A patient as stored: opaque id, identity data, version for optimistic concurrency and the time of
 * the last change.
 */
public record Patient(PatientId id, PatientData data, long version, Instant updatedAt) {
  @Override
  public String toString() {
    return "Patient[id=" + id + ", version=" + version + "]";
  }
}
