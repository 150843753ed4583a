package org.phirecords.model;

import java.time.Instant;
import java.util.List;

/**
 * One version of a clinical entry. Versions are immutable; an update stores version {@code n + 1}
 * and keeps every earlier one.
 *
 * @param id the entry id shared by all versions
 * @param patientId the patient the entry is about
 * @param version the version, starting at 1
 * @param data the content
 * @param recordedBy subject of the user who recorded this version
 * @param recordedAt when this version was stored
 * @param acceptedAmendment the amendment request whose acceptance recorded this version, or null
 * @param amendments the entry's open and denied amendment requests (the same on every version of
 *     the entry), never null
 * @param enteredInError whether this version marks the entry entered-in-error (ADR 36)
 */
public record ClinicalEntry(
    RecordId id,
    PatientId patientId,
    long version,
    ClinicalData data,
    String recordedBy,
    Instant recordedAt,
    AmendmentId acceptedAmendment,
    List<EntryAmendment> amendments,
    boolean enteredInError) {
  /** Copies {@code amendments}. */
  public ClinicalEntry {
    amendments = amendments == null ? List.of() : List.copyOf(amendments);
  }

  /** A version not recorded by an amendment, without amendment requests attached. */
  public ClinicalEntry(
      RecordId id,
      PatientId patientId,
      long version,
      ClinicalData data,
      String recordedBy,
      Instant recordedAt) {
    this(id, patientId, version, data, recordedBy, recordedAt, null, List.of(), false);
  }

  /** This version with {@code attached} as its amendment requests. */
  public ClinicalEntry withAmendments(List<EntryAmendment> attached) {
    return new ClinicalEntry(
        id,
        patientId,
        version,
        data,
        recordedBy,
        recordedAt,
        acceptedAmendment,
        attached,
        enteredInError);
  }

  /** Whether an amendment request of the entry is open or was denied. */
  public boolean disputed() {
    return !amendments.isEmpty();
  }
}
