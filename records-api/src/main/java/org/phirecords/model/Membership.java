package org.phirecords.model;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A patient's membership of an organisation over an effective period (ADR 25): coverage under an
 * insurer's client, registration at a facility. The period starts at {@code start} and, once ended,
 * stops before {@code end}. The member id identifies the patient and is stored encrypted; {@link
 * #toString()} masks it.
 *
 * @param id opaque
 * @param patient the member
 * @param organisation the organisation
 * @param start the first instant of the period
 * @param end the first instant after the period, or empty while open
 * @param memberId the insurer's member id, if any
 */
public record Membership(
    MembershipId id,
    PatientId patient,
    OrganisationId organisation,
    Instant start,
    Optional<Instant> end,
    Optional<String> memberId) {
  /** Checks presence. */
  public Membership {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(patient, "patient");
    Objects.requireNonNull(organisation, "organisation");
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(end, "end");
    Objects.requireNonNull(memberId, "memberId");
  }

  /** Whether the membership is in effect at {@code instant}. */
  public boolean activeAt(Instant instant) {
    return !start.isAfter(instant) && end.map(instant::isBefore).orElse(true);
  }

  @Override
  public String toString() {
    return "Membership[id="
        + id
        + ", patient="
        + patient.value()
        + ", organisation="
        + organisation
        + ", start="
        + start
        + ", end="
        + end
        + ", memberId="
        + memberId.map(m -> "***")
        + "]";
  }
}
