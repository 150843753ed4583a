package org.phirecords.internal.security;

import java.util.List;
import java.util.Objects;
import org.phirecords.model.PatientId;

/**
 * A personal representative acting for a patient under a grant in force (ADR 46), as the
 * authorization check found it: the operation's handles reach {@code patient} (and the
 * registrations merged into it) only, and {@code wholeRecord} says which sensitive entries the
 * representative is shown; entries confidential from proxies never.
 *
 * @param grantId the grant in force
 * @param patient the record acted for (a merged registration's survivor, ADR 42)
 * @param merged the registrations merged into it
 * @param wholeRecord the grant's scope: every entry but those confidential from proxies, or only
 *     entries of no sensitive category
 */
public record Representation(
    String grantId, PatientId patient, List<PatientId> merged, boolean wholeRecord) {
  /** Checks and copies. */
  public Representation {
    Objects.requireNonNull(grantId, "grantId");
    Objects.requireNonNull(patient, "patient");
    merged = List.copyOf(merged);
  }
}
