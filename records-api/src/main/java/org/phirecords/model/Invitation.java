package org.phirecords.model;

import java.time.Instant;
import java.util.Objects;

/**
 * A one-time code that links a patient user to a record once redeemed (ADR 17). The code is a
 * secret shown once: {@link #toString()} masks it.
 *
 * @param code the code to hand to the patient out of band
 * @param patient the record it links to
 * @param expiresAt when it can no longer be redeemed
 */
public record Invitation(String code, PatientId patient, Instant expiresAt) {
  /** Checks presence. */
  public Invitation {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(patient, "patient");
    Objects.requireNonNull(expiresAt, "expiresAt");
  }

  @Override
  public String toString() {
    return "Invitation[code=***, patient=" + patient.value() + ", expiresAt=" + expiresAt + "]";
  }
}
