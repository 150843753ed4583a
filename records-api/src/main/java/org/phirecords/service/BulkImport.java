package org.phirecords.service;

import java.util.List;
import org.phirecords.model.BulkImportFile;
import org.phirecords.model.BulkImportId;
import org.phirecords.model.BulkImportStatus;

/**
 * Bulk import of NDJSON files as a job (ADR 40): the client names its files (one resource type
 * each), uploads each in numbered chunks (stored encrypted until the job ends; re-send what the
 * status lists as missing), starts it, and polls it. A background worker imports patients first,
 * then entries, each chunk through the FHIR import's path (validated, idempotent by MRN and derived
 * ids), so a job resumed after a crash reaches the same state. Only the creating caller (tenant,
 * issuer, subject) finds a job; others get 404. Every operation needs {@code RECORD_IMPORT}.
 */
public interface BulkImport {
  /** The resource types a file may hold. */
  List<String> TYPES =
      List.of("Patient", "Encounter", "Condition", "Observation", "Procedure", "DocumentReference");

  /** Creates a job for {@code files}; {@code PHR-400-40} for a bad list. */
  BulkImportStatus create(List<BulkImportFile> files);

  /**
   * Stores chunk {@code chunk} of file {@code file} of job {@code id} (again: replaces it).
   *
   * @throws org.phirecords.error.RecordsException {@code PHR-400-41} (outside the job, not UTF-8),
   *     {@code PHR-413-04} (too large), {@code PHR-404-07}, {@code PHR-409-26} (started already)
   */
  BulkImportStatus upload(BulkImportId id, int file, int chunk, byte[] ndjson);

  /** Starts job {@code id}; {@code PHR-409-27} if chunks are missing, {@code PHR-409-26}. */
  BulkImportStatus start(BulkImportId id);

  /** Where job {@code id} stands; {@code PHR-404-07} (unknown or another caller's). */
  BulkImportStatus status(BulkImportId id);

  /** Cancels job {@code id} (its chunks are removed); {@code PHR-404-07}, {@code PHR-409-26}. */
  BulkImportStatus cancel(BulkImportId id);
}
