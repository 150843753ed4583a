package org.phirecords.model;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A break-glass declaration (ADR 28): one staff member's emergency access to one patient, for a
 * time. The justification and the review note are free text (PHI-adjacent): stored encrypted, never
 * logged or audited.
 *
 * @param id opaque
 * @param patient the one patient it opens
 * @param declarerIssuer the token issuer of the declarer
 * @param declarer the declarer's subject (opaque user id)
 * @param reason the coded reason
 * @param justification the declarer's free-text justification
 * @param declaredAt when it was declared
 * @param expiresAt when it stops opening the patient
 * @param writes whether it opens writes as well as reads
 * @param review the privacy officer's review
 * @param reviewer who reviewed it, once reviewed
 * @param reviewedAt when, once reviewed
 * @param note the reviewer's note on a flagged declaration
 */
public record EmergencyDeclaration(
    DeclarationId id,
    PatientId patient,
    String declarerIssuer,
    String declarer,
    EmergencyReason reason,
    String justification,
    Instant declaredAt,
    Instant expiresAt,
    boolean writes,
    EmergencyReview review,
    Optional<String> reviewer,
    Optional<Instant> reviewedAt,
    Optional<String> note) {
  /** Checks presence. */
  public EmergencyDeclaration {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(patient, "patient");
    Objects.requireNonNull(declarer, "declarer");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(declaredAt, "declaredAt");
    Objects.requireNonNull(expiresAt, "expiresAt");
    Objects.requireNonNull(review, "review");
    Objects.requireNonNull(reviewer, "reviewer");
    Objects.requireNonNull(reviewedAt, "reviewedAt");
    Objects.requireNonNull(note, "note");
  }
}
