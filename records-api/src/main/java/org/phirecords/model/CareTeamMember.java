package org.phirecords.model;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A staff member's place on a patient's care team (ADR 30): where the tenant narrows physicians to
 * their care teams, a physician reaches the patients whose teams they are on.
 *
 * @param id opaque
 * @param patient the patient
 * @param subject the staff member, as their tokens name them ({@code sub})
 * @param since when the place began
 * @param addedBy the subject of whoever added it
 * @param end when it ended, or empty while it holds
 */
public record CareTeamMember(
    CareTeamMemberId id,
    PatientId patient,
    String subject,
    Instant since,
    String addedBy,
    Optional<Instant> end) {
  /** Checks presence. */
  public CareTeamMember {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(patient, "patient");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(since, "since");
    Objects.requireNonNull(addedBy, "addedBy");
    Objects.requireNonNull(end, "end");
  }
}
