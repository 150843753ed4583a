package org.phirecords.service;

import org.phirecords.model.FhirAnswer;

/**
 * Import of FHIR R4 resources (ADR 37): a {@code batch} or {@code transaction} Bundle of Patient,
 * Encounter, Condition, Observation, Procedure and DocumentReference, validated against base R4
 * before anything is stored, then stored as the API stores patients and entries (authorized per
 * write, encrypted, audited). Idempotent: patients by MRN, entries by their source identifier;
 * re-sending a Bundle changes nothing.
 */
public interface FhirImport {
  /**
   * Imports {@code bundleJson}. Needs {@code RECORD_IMPORT}, and each write the permission the API
   * needs for it ({@code PATIENT_CREATE}, {@code PATIENT_SEARCH}, {@code CLINICAL_CREATE}). A batch
   * answers 200 with a {@code batch-response} Bundle (per entry 201, 200 or 400 with an {@code
   * OperationOutcome}); a transaction answers 200 with a {@code transaction-response} if every
   * entry was imported, else 400 with an {@code OperationOutcome} and nothing stored.
   */
  FhirAnswer importBundle(String bundleJson);
}
