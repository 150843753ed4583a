package org.phirecords.model;

import java.time.Instant;

/**
 * A patient's request to amend one entry of their record, and what became of it. The covered entity
 * must act within 60 days, extendable once by 30 days with a reason (HIPAA 164.526(b)(2)).
 *
 * @param id its id
 * @param patientId whose record
 * @param recordId the entry to amend
 * @param status where it stands
 * @param reason the patient's reason
 * @param requestedAt when it was filed
 * @param dueBy when a decision is due
 * @param extensionReason why the deadline was extended, or null if it was not
 * @param decidedBy the subject of the deciding physician, or null
 * @param decidedAt when it was decided, or null
 * @param denialReason the written reason of a denial, or null
 * @param amendedVersion the entry's version recorded by the acceptance, or null
 * @param disagreement the patient's statement of disagreement with a denial, or null
 */
public record Amendment(
    AmendmentId id,
    PatientId patientId,
    RecordId recordId,
    AmendmentStatus status,
    String reason,
    Instant requestedAt,
    Instant dueBy,
    String extensionReason,
    String decidedBy,
    Instant decidedAt,
    String denialReason,
    Long amendedVersion,
    String disagreement) {
  /** Whether a decision is due and late at {@code now}. */
  public boolean overdue(Instant now) {
    return status == AmendmentStatus.REQUESTED && now.isAfter(dueBy);
  }

  @Override
  public String toString() {
    return "Amendment[id=" + id + ", status=" + status + "]";
  }
}
