package org.phirecords.error;

import org.phirecords.model.PatientId;

/**
 * The registration was merged into another ({@code PHR-410-04}, ADR 36): the problem names the
 * survivor (an opaque id, as FHIR's {@code Patient.link} of type {@code replaced-by} does).
 */
public class MergedRecordException extends RecordsException {
  private static final long serialVersionUID = 1L;

  private final String survivor;

  /** Merged into {@code survivor}. */
  public MergedRecordException(PatientId survivor) {
    super(ErrorCode.MERGED);
    this.survivor = survivor.value();
  }

  /** The id of the registration that survived the merge. */
  public String survivor() {
    return survivor;
  }
}
