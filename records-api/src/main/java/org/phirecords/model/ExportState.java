package org.phirecords.model;

/** Where a bulk export stands (ADR 38). */
public enum ExportState {
  /** Still writing its files. */
  RUNNING,
  /** Its files are ready until they expire. */
  COMPLETED,
  /** It stopped with an error (its files were removed). */
  FAILED
}
