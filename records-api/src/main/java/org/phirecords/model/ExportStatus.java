package org.phirecords.model;

import java.time.Instant;
import java.util.List;

/**
 * Where a bulk export stands, and once completed its manifest (ADR 38).
 *
 * @param id the export
 * @param state running, completed or failed
 * @param transactionTime the instant the export's reads start from (the FHIR manifest's)
 * @param request the kick-off request's URL
 * @param progress percent of the patients in scope written so far (100 once completed)
 * @param output one file per resource type with resources in it (completed only)
 * @param errors why it failed, fixed texts without PHI (failed only)
 * @param expiresAt when the files are removed (completed only, else null)
 */
public record ExportStatus(
    ExportId id,
    ExportState state,
    Instant transactionTime,
    String request,
    int progress,
    List<ExportOutput> output,
    List<String> errors,
    Instant expiresAt) {
  /** Copies. */
  public ExportStatus {
    output = List.copyOf(output);
    errors = List.copyOf(errors);
  }
}
