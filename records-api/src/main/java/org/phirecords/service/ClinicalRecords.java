package org.phirecords.service;

import org.phirecords.model.ClinicalData;
import org.phirecords.model.ClinicalEntry;
import org.phirecords.model.Page;
import org.phirecords.model.PageRequest;
import org.phirecords.model.PatientId;
import org.phirecords.model.RecordId;

/**
 * Clinical entries (encounters, conditions, observations, procedures, notes). Entries reference
 * their patient only by opaque id; updates add an immutable new version.
 */
public interface ClinicalRecords {
  /**
   * Records a new entry for an existing patient. Needs {@code CLINICAL_CREATE}.
   *
   * @throws org.phirecords.error.NotFoundException if the patient is not in the caller's scope
   */
  ClinicalEntry create(PatientId patient, ClinicalData data);

  /** The latest version of an entry. Needs {@code CLINICAL_READ}. */
  ClinicalEntry get(RecordId id);

  /**
   * One page of the latest version of each entry of a patient, newest effective date first (then by
   * entry id). Needs {@code CLINICAL_READ}.
   */
  Page<ClinicalEntry> listByPatient(PatientId patient, PageRequest page);

  /** One page of the versions of an entry, oldest first. Needs {@code CLINICAL_READ}. */
  Page<ClinicalEntry> history(RecordId id, PageRequest page);

  /**
   * Stores version {@code expectedVersion + 1}. Needs {@code CLINICAL_UPDATE}.
   *
   * @throws org.phirecords.error.VersionConflictException if {@code expectedVersion} is not the
   *     latest version
   */
  ClinicalEntry update(RecordId id, long expectedVersion, ClinicalData data);

  /**
   * Marks the entry entered-in-error (ADR 36): stores version {@code expectedVersion + 1} flagged,
   * hidden from reads and lists from then on, kept in its history, for audit and for retention.
   * Needs {@code CLINICAL_DELETE}; audited as a delete.
   *
   * @throws org.phirecords.error.VersionConflictException if {@code expectedVersion} is not the
   *     latest version
   */
  ClinicalEntry enterInError(RecordId id, long expectedVersion);

  /**
   * As {@link #listByPatient}, entries marked entered-in-error included (flagged): what the
   * patient's electronic copy carries, as FHIR intends. Needs {@code CLINICAL_READ}.
   */
  Page<ClinicalEntry> listWithEnteredInError(PatientId patient, PageRequest page);
}
