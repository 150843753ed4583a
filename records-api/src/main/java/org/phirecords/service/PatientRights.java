package org.phirecords.service;

import org.phirecords.model.AccessRecord;
import org.phirecords.model.Amendment;
import org.phirecords.model.AmendmentId;
import org.phirecords.model.ClinicalData;
import org.phirecords.model.Page;
import org.phirecords.model.PageRequest;
import org.phirecords.model.PatientId;
import org.phirecords.model.RecordId;

/**
 * A patient's rights under HIPAA: access (164.524), amendment (164.526) and accounting of
 * disclosures (164.528). Patients exercise them on their own record only; physicians decide on
 * amendments. Every operation is audited.
 */
public interface PatientRights {
  /**
   * One page of who accessed the patient's record, newest first (by position in the audit chain).
   * Needs {@code ACCESS_HISTORY_READ}.
   */
  Page<AccessRecord> accessHistory(PatientId patient, PageRequest page);

  /**
   * An electronic copy of the record as a FHIR R4 {@code Bundle} (JSON) of the Patient and their
   * encounters, conditions, observations, procedures and notes. Needs {@code RECORD_EXPORT}.
   */
  String electronicCopy(PatientId patient);

  /**
   * The same copy as a PDF a person reads: the same entries, amendment requests and statements of
   * disagreement as {@link #electronicCopy} (ADR 47). Needs {@code RECORD_EXPORT}.
   */
  byte[] electronicCopyPdf(PatientId patient);

  /**
   * Files a request to amend {@code entry} with {@code reason}. Needs {@code AMENDMENT_REQUEST}.
   *
   * @throws org.phirecords.error.RecordsException with {@code AMENDMENT_LIMIT} if the patient has
   *     as many requests awaiting a decision as allowed ({@code
   *     records.amendments.max-open-per-patient}, default 10)
   */
  Amendment requestAmendment(PatientId patient, RecordId entry, String reason);

  /** One page of the patient's amendment requests, newest first. Needs {@code AMENDMENT_READ}. */
  Page<Amendment> amendments(PatientId patient, PageRequest page);

  /** One amendment request. Needs {@code AMENDMENT_READ}. */
  Amendment amendment(AmendmentId id);

  /**
   * Accepts: records {@code amended} as the entry's next version (optimistic concurrency on {@code
   * expectedVersion}) and links it to the request. Needs {@code AMENDMENT_DECIDE}.
   */
  Amendment accept(AmendmentId id, long expectedVersion, ClinicalData amended);

  /** Denies with a written {@code reason}. Needs {@code AMENDMENT_DECIDE}. */
  Amendment deny(AmendmentId id, String reason);

  /**
   * Extends the deadline once by 30 days, with a {@code reason}. Needs {@code AMENDMENT_DECIDE}.
   */
  Amendment extend(AmendmentId id, String reason);

  /**
   * Attaches the patient's statement of disagreement to a denied request (and so to the entry).
   * Needs {@code AMENDMENT_REQUEST}.
   */
  Amendment disagree(AmendmentId id, String statement);
}
