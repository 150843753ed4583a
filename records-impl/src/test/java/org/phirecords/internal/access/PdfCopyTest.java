package org.phirecords.internal.access;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.text.PDFTextStripper;
import org.hl7.fhir.r4.model.Bundle;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.phirecords.internal.clinical.MongoClinicalRecords;
import org.phirecords.internal.patient.MongoPatientDirectory;
import org.phirecords.internal.testing.People;
import org.phirecords.internal.testing.StoreFixture;
import org.phirecords.model.Amendment;
import org.phirecords.model.ClinicalData;
import org.phirecords.model.ClinicalEntry;
import org.phirecords.model.Code;
import org.phirecords.model.EntryType;
import org.phirecords.model.PageRequest;
import org.phirecords.model.Patient;
import org.phirecords.model.Quantity;
import org.phirecords.security.Role;

/**
 * The PDF copy holds what the FHIR copy holds (ADR 47): every entry with its codes, dates, values
 * and text, amendment requests with their statements of disagreement, and the patient's identity.
 */
class PdfCopyTest {
  private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");

  private final StoreFixture fixture = new StoreFixture();
  private final MongoPatientDirectory directory = fixture.directory();
  private final MongoClinicalRecords clinical = fixture.clinical();
  private final MongoPatientRights rights = fixture.rights(NOW);

  @AfterEach
  void close() {
    fixture.close();
  }

  @Test
  void thePdfHoldsEveryEntryOfTheFhirCopyWithAmendmentsAndStatements() throws IOException {
    fixture.registerTenant("tenant-a", "Clinic A");
    fixture.actAs(StoreFixture.staff("tenant-a", Role.PHYSICIAN));
    Patient patient = directory.create(People.synthetic());
    ClinicalEntry condition =
        clinical.create(
            patient.id(),
            new ClinicalData(
                EntryType.CONDITION,
                List.of(new Code("http://hl7.org/fhir/sid/icd-10-cm", "E11.9", "Diabetes")),
                LocalDate.of(2026, 3, 1),
                "active",
                null,
                "Diagnosed after two fasting glucose results above the threshold, follow up in"
                    + " three months with the endocrinology clinic and a dietitian."));
    clinical.create(
        patient.id(),
        new ClinicalData(
            EntryType.OBSERVATION,
            List.of(new Code("http://loinc.org", "2345-7", "Glucose")),
            LocalDate.of(2026, 3, 2),
            "final",
            new Quantity(new BigDecimal("7.4"), "mmol/L"),
            null));
    clinical.create(
        patient.id(),
        new ClinicalData(
            EntryType.NOTE, List.of(), LocalDate.of(2026, 3, 3), null, null, "Ate breakfast."));
    fixture.actAs(StoreFixture.patient("tenant-a", patient.id()));
    Amendment filed = rights.requestAmendment(patient.id(), condition.id(), "Not diabetes.");
    fixture.actAs(StoreFixture.staff("tenant-a", Role.PHYSICIAN));
    rights.deny(filed.id(), "The lab confirms it.");
    fixture.actAs(StoreFixture.patient("tenant-a", patient.id()));
    rights.disagree(filed.id(), "My own lab says otherwise.");

    String text = text(rights.electronicCopyPdf(patient.id()));
    Bundle fhir =
        FhirContext.forR4Cached()
            .newJsonParser()
            .parseResource(Bundle.class, rights.electronicCopy(patient.id()));
    List<ClinicalEntry> entries =
        clinical.listByPatient(patient.id(), PageRequest.first(PageRequest.MAX_LIMIT)).items();

    assertThat(entries).hasSize(fhir.getEntry().size() - 1);
    assertThat(text).contains(patient.data().familyName(), patient.data().mrn().value());
    assertThat(text).contains(patient.data().birthDate().toString());
    for (ClinicalEntry e : entries) {
      assertThat(text).contains("Entry " + e.id().value());
      assertThat(text).contains(e.data().effectiveDate().toString());
      e.data().codes().forEach(c -> assertThat(text).contains(c.code(), c.display()));
      if (e.data().text() != null) {
        assertThat(text).contains(e.data().text());
      }
      if (e.data().value() != null) {
        assertThat(text).contains("7.4 mmol/L");
      }
    }
    assertThat(text)
        .contains("Amendment request " + filed.id().value() + ": denied")
        .contains("Statement of disagreement: My own lab says otherwise.");
  }

  /** The PDF's text, each run of white space made one space (lines wrap at word boundaries). */
  static String text(byte[] pdf) throws IOException {
    try (var doc = Loader.loadPDF(pdf)) {
      return new PDFTextStripper().getText(doc).replaceAll("\\s+", " ");
    }
  }
}
