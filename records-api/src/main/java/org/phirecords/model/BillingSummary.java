package org.phirecords.model;

import java.time.LocalDate;
import java.util.List;

/**
 * The minimum-necessary view of a patient for billing: the demographics a claim needs and the coded
 * diagnoses, procedures and encounters with their dates. No notes, no SSN, no contact details.
 */
public record BillingSummary(
    PatientId patientId,
    String givenName,
    String familyName,
    LocalDate birthDate,
    String memberId,
    List<CodedEntry> codedEntries) {
  /** Copies the entry list. */
  public BillingSummary {
    codedEntries = List.copyOf(codedEntries);
  }

  @Override
  public String toString() {
    return "BillingSummary[patientId=" + patientId + "]";
  }
}
