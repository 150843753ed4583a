package org.phirecords.internal.export;

import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.hl7.fhir.r4.model.Meta;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.phirecords.internal.clinical.PatientEntries;
import org.phirecords.internal.fhir.FhirJson;
import org.phirecords.internal.fhir.FhirResources;
import org.phirecords.internal.fhir.FhirSystems;
import org.phirecords.model.ClinicalEntry;
import org.phirecords.model.Patient;
import org.phirecords.service.BulkExport;

/**
 * A bulk export's lines (ADR 38): each patient as a FHIR Patient and their entries as the
 * electronic copy maps them ({@link FhirResources}), those changed after {@code _since} only.
 */
final class FhirContent implements ExportContent {
  private final ExportRun.Plan plan;
  private final PatientEntries entries;

  FhirContent(ExportRun.Plan plan, PatientEntries entries) {
    this.plan = plan;
    this.entries = entries;
  }

  @Override
  public List<String> files() {
    return BulkExport.TYPES;
  }

  @Override
  public boolean auditsEachPatient() {
    return true;
  }

  @Override
  public int write(Patient p, Files out) {
    int written = 0;
    String id = fhirId(p.id().value());
    if (out.wants("Patient") && changed(p.updatedAt())) {
      org.hl7.fhir.r4.model.Patient r = FhirResources.patient(p);
      r.setId(id);
      r.addIdentifier().setSystem(FhirSystems.PATIENT_ID).setValue(p.id().value());
      out.add("Patient", line(r, p.updatedAt(), p.version()));
      written++;
    }
    if (BulkExport.TYPES.stream().noneMatch(t -> !"Patient".equals(t) && out.wants(t))) {
      return written;
    }
    Reference subject = new Reference("Patient/" + id);
    for (ClinicalEntry e : entries.of(p.id())) {
      String type = FhirResources.typeOf(e.data().type());
      if (out.wants(type) && changed(e.recordedAt())) {
        Resource r = FhirResources.entry(e, subject);
        r.setId(fhirId(e.id().value()));
        out.add(type, line(r, e.recordedAt(), e.version()));
        written++;
      }
    }
    return written;
  }

  private boolean changed(Instant at) {
    return plan.since().map(at::isAfter).orElse(true);
  }

  private static String line(Resource r, Instant changed, long version) {
    r.setMeta(new Meta().setLastUpdated(Date.from(changed)).setVersionId(Long.toString(version)));
    return FhirJson.compact(r);
  }

  /**
   * The module's ids as FHIR ids: base64url's {@code _} is no FHIR id character, so it becomes
   * {@code .}, which base64url never uses (reversible).
   */
  static String fhirId(String id) {
    return id.replace('_', '.');
  }
}
