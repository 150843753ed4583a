package org.phirecords.internal.security;

import java.util.Objects;
import org.phirecords.model.PatientId;

/**
 * A break-glass declaration in force for the current operation (ADR 28): the one patient outside
 * the caller's scope it opens, and whether the tenant lets it open writes too.
 *
 * @param declarationId the declaration, linked from every audit event under it
 * @param patient the patient it opens
 * @param writes whether writes are opened as well as reads
 */
public record EmergencyAccess(String declarationId, PatientId patient, boolean writes) {
  /** Checks presence. */
  public EmergencyAccess {
    Objects.requireNonNull(declarationId, "declarationId");
    Objects.requireNonNull(patient, "patient");
  }
}
