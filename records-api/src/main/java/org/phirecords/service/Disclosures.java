package org.phirecords.service;

import java.time.Instant;
import java.time.LocalDate;
import org.phirecords.model.DirectedCopy;
import org.phirecords.model.Disclosure;
import org.phirecords.model.DisclosureId;
import org.phirecords.model.Page;
import org.phirecords.model.PageRequest;
import org.phirecords.model.PatientId;

/**
 * The accounting of disclosures (HIPAA 164.528) and copies a patient directs to a third party
 * (164.524(c)(3)(ii)); ADR 47. Disclosures for treatment, payment and operations are not listed:
 * the access history is the fuller view of those.
 */
public interface Disclosures {
  /** How far back an accounting reaches (164.528(a)(3)). */
  int YEARS = 6;

  /**
   * Records a disclosure made outside the module (e.g. to a public health authority). Needs {@code
   * DISCLOSURE_RECORD}.
   *
   * @throws org.phirecords.error.InvalidInputException with {@code DISCLOSURE_FIELDS} if a text is
   *     empty or over 500 characters, or {@code disclosedAt} is in the future or over six years ago
   */
  Disclosure record(
      PatientId patient, Instant disclosedAt, String recipient, String description, String purpose);

  /**
   * One page of the patient's disclosures since {@code since} (null: six years back), newest first.
   * Needs {@code DISCLOSURE_READ}.
   *
   * @throws org.phirecords.error.InvalidInputException with {@code ACCOUNTING_PERIOD} if {@code
   *     since} is more than six years ago or in the future
   */
  Page<Disclosure> accounting(PatientId patient, LocalDate since, PageRequest page);

  /** The accounting of the last six years as a PDF document. Needs {@code DISCLOSURE_READ}. */
  byte[] accountingDocument(PatientId patient);

  /**
   * Asks for a copy of the record to be sent to {@code recipient}, an e-mail address; nothing is
   * sent until {@link #confirmDirectedCopy}. Needs {@code DIRECTED_COPY} (the patient).
   *
   * @throws org.phirecords.error.InvalidInputException with {@code DIRECTED_COPY_ADDRESS} if it is
   *     not one plain e-mail address
   */
  DirectedCopy directCopy(PatientId patient, String recipient);

  /**
   * Sends the copy (the PDF) to the address of request {@code id} and records the disclosure. Needs
   * {@code DIRECTED_COPY}.
   *
   * @throws org.phirecords.error.NotFoundException if there is no such request or it lapsed
   * @throws org.phirecords.error.RecordsException with {@code DIRECTED_COPY_SENT} if it was sent,
   *     or {@code MAIL_UNAVAILABLE} if no mail server is configured or it refused the message
   */
  DirectedCopy confirmDirectedCopy(PatientId patient, DisclosureId id);
}
