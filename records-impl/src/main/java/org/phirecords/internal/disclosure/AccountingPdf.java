package org.phirecords.internal.disclosure;

import java.time.Instant;
import java.util.List;
import org.phirecords.internal.document.PdfPages;
import org.phirecords.model.Disclosure;

/** The accounting of disclosures as a PDF document (HIPAA 164.528(b); ADR 47). */
final class AccountingPdf {
  private AccountingPdf() {}

  static byte[] document(List<Disclosure> disclosures, Instant since, Instant now) {
    PdfPages pdf = new PdfPages().heading("Accounting of disclosures");
    pdf.paragraph("From " + since + " to " + now + " (UTC).");
    pdf.paragraph(
        "Disclosures of your health information other than for treatment, payment and health care"
            + " operations, and other than to you. Your access history lists every access.");
    if (disclosures.isEmpty()) {
      pdf.paragraph("");
      pdf.paragraph("No disclosures were recorded in this period.");
    }
    for (Disclosure d : disclosures) {
      pdf.paragraph("");
      pdf.paragraph("Date: " + d.disclosedAt());
      pdf.indented("Recipient: " + d.recipient(), 14);
      pdf.indented("What was disclosed: " + d.description(), 14);
      pdf.indented("Purpose: " + d.purpose(), 14);
    }
    return pdf.bytes();
  }
}
