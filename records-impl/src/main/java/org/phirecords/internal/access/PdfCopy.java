package org.phirecords.internal.access;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.phirecords.internal.document.PdfPages;
import org.phirecords.model.ClinicalData;
import org.phirecords.model.ClinicalEntry;
import org.phirecords.model.EntryAmendment;
import org.phirecords.model.Patient;
import org.phirecords.model.PatientData;

/**
 * The electronic copy as a PDF a person reads (ADR 47): the same patient and entries as {@link
 * FhirCopy}, each entry with its amendment requests and statements of disagreement (HIPAA
 * 164.526(d)(4)), and entries entered in error marked as such.
 */
final class PdfCopy {
  private static final float INDENT = 14;

  private PdfCopy() {}

  static byte[] document(Patient patient, List<ClinicalEntry> entries, Instant generatedAt) {
    PatientData d = patient.data();
    PdfPages pdf = new PdfPages().heading("Health record");
    pdf.paragraph("Copy generated " + generatedAt + " (UTC). The same content as the FHIR copy.");
    pdf.heading("Patient");
    pdf.paragraph("Name: " + d.givenName() + " " + d.familyName());
    pdf.paragraph("Birth date: " + d.birthDate());
    pdf.paragraph("Medical record number: " + d.mrn().value());
    optional(pdf, "Sex", d.sex());
    optional(pdf, "Phone", d.phone());
    optional(pdf, "E-mail", d.email());
    if (d.address() != null) {
      var a = d.address();
      pdf.paragraph(
          "Address: "
              + String.join(
                  ", ",
                  java.util.stream.Stream.of(
                          a.line(), a.city(), a.state(), a.postalCode(), a.country())
                      .filter(s -> s != null && !s.isBlank())
                      .toList()));
    }
    pdf.heading("Entries (" + entries.size() + ")");
    for (ClinicalEntry e : entries) {
      entry(pdf, e);
    }
    return pdf.bytes();
  }

  private static void entry(PdfPages pdf, ClinicalEntry e) {
    ClinicalData c = e.data();
    pdf.paragraph("");
    pdf.paragraph(
        c.type().name().toLowerCase(Locale.ROOT)
            + " of "
            + c.effectiveDate()
            + (e.enteredInError() ? " - ENTERED IN ERROR, not part of the record" : ""));
    pdf.indented("Entry " + e.id().value() + ", version " + e.version(), INDENT);
    optional(pdf, "Status", c.status(), INDENT);
    if (!c.codes().isEmpty()) {
      pdf.indented(
          "Codes: "
              + c.codes().stream()
                  .map(
                      k ->
                          k.system()
                              + " "
                              + k.code()
                              + (k.display() == null ? "" : " (" + k.display() + ")"))
                  .collect(Collectors.joining("; ")),
          INDENT);
    }
    if (c.value() != null) {
      pdf.indented("Value: " + c.value().value().toPlainString() + " " + c.value().unit(), INDENT);
    }
    optional(pdf, "Text", c.text(), INDENT);
    if (c.sensitivity() != null) {
      pdf.indented("Sensitive: " + c.sensitivity().name().toLowerCase(Locale.ROOT), INDENT);
    }
    if (e.acceptedAmendment() != null) {
      pdf.indented(
          "This version records the accepted amendment " + e.acceptedAmendment().value(), INDENT);
    }
    for (EntryAmendment a : e.amendments()) {
      pdf.indented(
          "Amendment request "
              + a.id().value()
              + ": "
              + a.status().name().toLowerCase(Locale.ROOT)
              + (a.disagreementFiled() ? "; statement of disagreement filed" : ""),
          INDENT);
      if (a.disagreement() != null) {
        pdf.indented("Statement of disagreement: " + a.disagreement(), 2 * INDENT);
      }
    }
  }

  private static void optional(PdfPages pdf, String label, String value) {
    optional(pdf, label, value, 0);
  }

  private static void optional(PdfPages pdf, String label, String value, float indent) {
    if (value != null && !value.isBlank()) {
      pdf.indented(label + ": " + value, indent);
    }
  }
}
