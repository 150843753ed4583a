package org.phirecords.internal.clinical;

import java.util.Optional;
import org.bson.Document;
import org.phirecords.audit.AuditOutcome;
import org.phirecords.error.ErrorCode;
import org.phirecords.error.RecordsException;
import org.phirecords.internal.operation.Operation;
import org.phirecords.internal.patient.PatientRepository;
import org.phirecords.model.PatientId;
import org.phirecords.model.RecordId;

/**
 * What a read of an entry by its id checks before it answers (ADR 36, 42): the entry exists in
 * reach, is not marked entered-in-error, and its registration is not marked either. The last check
 * closes the race of an entry recorded between a registration's check for entries in force and its
 * mark: such an entry stays stored (kept for audit and retention) but answers like its
 * registration.
 */
final class EntryChecks {
  private EntryChecks() {}

  /** The latest version found, or a 404 audited as not found. */
  static Document latest(Operation op, Optional<Document> latest, RecordId id) {
    return latest.orElseThrow(() -> op.notFound(id.value(), null));
  }

  /**
   * As {@link #latest}, neither it nor its registration marked entered-in-error: else {@code
   * PHR-410-03}, audited as not found.
   */
  static Document inForce(Operation op, Optional<Document> latest, RecordId id) {
    Document found = latest(op, latest, id);
    if (ClinicalDocuments.enteredInError(found)) {
      op.record(AuditOutcome.NOT_FOUND, id.value(), found.getString(ClinicalDocuments.PATIENT), 0);
      throw new RecordsException(ErrorCode.ENTERED_IN_ERROR);
    }
    requirePatientNotWithdrawn(op, id, new PatientId(found.getString(ClinicalDocuments.PATIENT)));
    return found;
  }

  /**
   * Refuses entry {@code id} of {@code patient} if that registration is marked entered-in-error:
   * {@code PHR-410-03}, audited as not found. An entry of a merged registration still answers (its
   * survivor's lists include it).
   */
  static void requirePatientNotWithdrawn(Operation op, RecordId id, PatientId patient) {
    if (PatientRepository.enteredInError(op, patient)) {
      op.record(AuditOutcome.NOT_FOUND, id.value(), patient.value(), 0);
      throw new RecordsException(ErrorCode.ENTERED_IN_ERROR);
    }
  }
}
