package org.phirecords.service;

import org.phirecords.model.BillingSummary;
import org.phirecords.model.PatientId;

/** The minimum-necessary view for billing staff. */
public interface BillingRecords {
  /**
   * Demographics for a claim plus coded diagnoses, procedures and encounters. Needs {@code
   * BILLING_READ}. Notes, SSN and contact details never leave the database layer.
   */
  BillingSummary summary(PatientId patient);
}
