package org.phirecords.service;

import org.phirecords.model.IntegrityReport;

/**
 * The integrity of stored records (45 CFR 164.312(c)(2)): each stored identity and clinical entry
 * version carries a keyed digest of its stored form, also recorded in its write's audit event.
 * Every use is itself audited.
 */
public interface RecordIntegrity {
  /** The most findings a report lists. */
  int MAX_FINDINGS = 1000;

  /**
   * Compares every stored record of the caller's tenant with its digest and its write's audit
   * event; lists at most {@code maxFindings} (1 to {@value #MAX_FINDINGS}) of the records found,
   * counting all. Reads ciphertext only, decrypts nothing. Needs {@code INTEGRITY_CHECK}.
   */
  IntegrityReport check(int maxFindings);
}
