package org.phirecords.internal.access;

import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Reference;
import org.phirecords.internal.fhir.FhirJson;
import org.phirecords.internal.fhir.FhirResources;
import org.phirecords.model.ClinicalEntry;
import org.phirecords.model.Patient;

/**
 * Builds a patient's electronic copy as a FHIR R4 collection {@code Bundle} with the HAPI FHIR
 * model: the Patient, then one resource per clinical entry (its latest version), mapped by {@link
 * FhirResources}.
 */
final class FhirCopy {
  private FhirCopy() {}

  static String bundle(Patient patient, List<ClinicalEntry> entries, Date generatedAt) {
    Bundle bundle = new Bundle().setType(Bundle.BundleType.COLLECTION);
    bundle.setTimestamp(generatedAt);
    String patientUrl = urn("patient", patient.id().value());
    bundle.addEntry().setFullUrl(patientUrl).setResource(FhirResources.patient(patient));
    Reference subject = new Reference(patientUrl);
    for (ClinicalEntry entry : entries) {
      bundle
          .addEntry()
          .setFullUrl(urn("entry", entry.id().value()))
          .setResource(FhirResources.entry(entry, subject));
    }
    return FhirJson.pretty(bundle);
  }

  private static String urn(String kind, String id) {
    return "urn:uuid:" + UUID.nameUUIDFromBytes((kind + ":" + id).getBytes(StandardCharsets.UTF_8));
  }
}
