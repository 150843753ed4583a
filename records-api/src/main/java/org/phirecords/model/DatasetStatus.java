package org.phirecords.model;

import java.time.Instant;
import java.util.List;

/**
 * Where a de-identified dataset stands (ADR 44).
 *
 * @param id the dataset
 * @param state running, completed or failed
 * @param format {@code ndjson} or {@code csv}
 * @param createdAt when it was asked for
 * @param progress percent of the patients in scope written (100 once completed)
 * @param files its files (completed only)
 * @param errors why it failed, fixed texts (failed only)
 * @param expiresAt when its files are removed (completed only, else null)
 */
public record DatasetStatus(
    ExportId id,
    ExportState state,
    String format,
    Instant createdAt,
    int progress,
    List<DatasetFile> files,
    List<String> errors,
    Instant expiresAt) {
  /** Copies. */
  public DatasetStatus {
    files = List.copyOf(files);
    errors = List.copyOf(errors);
  }
}
